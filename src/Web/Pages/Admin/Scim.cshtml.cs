using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Scim.Tokens;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Pages.Shared;
using TenantSessions.Web.Scim;

namespace TenantSessions.Web.Pages.Admin;

/// <summary>
/// The workspace's SCIM tokens: create one (its secret is shown once, in this response only: never in a redirect, a
/// flash cookie or a URL), rotate it or revoke it (both confirmed), with when each was made and last used.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin)]
public sealed class ScimModel(IMediator mediator) : SessionPageModel(mediator)
{
    public IReadOnlyList<(ScimTokenView Token, ConfirmPrompt Rotate, ConfirmPrompt Revoke)> Tokens { get; private set; } = [];

    /// <summary>The secret of the token just created or rotated, shown once.</summary>
    public IssuedScimToken? Issued { get; private set; }

    public string BaseUrl => $"{Request.Scheme}://{Request.Host.Value}{ScimEndpoints.BasePath}";

    [BindProperty]
    public string Name { get; set; } = "";

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var tokens = await Mediator.Send(new ListScimTokensQuery(), cancellationToken);
        Tokens = tokens.Select(t => (t, RotatePrompt(t), RevokePrompt(t))).ToList();
    }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostCreateAsync() =>
        RunAsync(StepUpPrompt.For("Create", "create a SCIM token", Fields(("Name", Name))), async ct =>
        {
            Issued = await Mediator.Send(new CreateScimTokenCommand(Name), ct);
            Flash = $"The token {Issued.Token.Name} was created. Copy it now: it is not shown again.";
            Name = "";
            ModelState.Clear();
            return await ShowAsync();
        });

    public Task<IActionResult> OnPostRotateAsync(Guid tokenId) =>
        ConfirmThenRunAsync(
            async ct => RotatePrompt(await FindAsync(tokenId, ct)),
            StepUpPrompt.For("Rotate", "give a SCIM token a new secret", Fields(("tokenId", tokenId.ToString()))),
            async ct =>
            {
                Issued = await Mediator.Send(new RotateScimTokenCommand(tokenId), ct);
                Flash = $"The token {Issued.Token.Name} has a new secret; the old one no longer works. Copy it now: it is not shown again.";
                return await ShowAsync();
            });

    public Task<IActionResult> OnPostRevokeAsync(Guid tokenId) =>
        ConfirmThenRunAsync(
            async ct => RevokePrompt(await FindAsync(tokenId, ct)),
            StepUpPrompt.For("Revoke", "revoke a SCIM token", Fields(("tokenId", tokenId.ToString()))),
            async ct =>
            {
                await Mediator.Send(new RevokeScimTokenCommand(tokenId), ct);
                return Done("The token was revoked. The directory's next request with it is refused.");
            });

    private async Task<ScimTokenView> FindAsync(Guid tokenId, CancellationToken cancellationToken) =>
        (await Mediator.Send(new ListScimTokensQuery(), cancellationToken)).FirstOrDefault(t => t.Id == tokenId)
        ?? throw new Application.Common.Exceptions.NotFoundException("There is no such SCIM token in this workspace.");

    private static ConfirmPrompt RotatePrompt(ScimTokenView token) => new(
        "Rotate",
        $"Give {token.Name} a new secret?",
        $"The directory using {token.Name} is refused from now on until you give it the new secret. Nobody is signed out.",
        "Rotate the secret",
        new Dictionary<string, string> { ["tokenId"] = token.Id.ToString() },
        new Dictionary<string, string>());

    private static ConfirmPrompt RevokePrompt(ScimTokenView token) => new(
        "Revoke",
        $"Revoke {token.Name}?",
        $"The directory using {token.Name} can no longer create, change or deactivate members here. Nobody is signed out.",
        "Revoke the token",
        new Dictionary<string, string> { ["tokenId"] = token.Id.ToString() },
        new Dictionary<string, string>());

    protected override string FieldFor(string property) => property == "name" ? nameof(Name) : "";
}
