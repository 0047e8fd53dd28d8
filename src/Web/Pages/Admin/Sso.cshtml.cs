using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Sso;
using TenantSessions.Application.Sso.Commands.DeleteSsoConnection;
using TenantSessions.Application.Sso.Commands.RegisterSsoConnection;
using TenantSessions.Application.Sso.Commands.RequireSso;
using TenantSessions.Application.Sso.Commands.UpdateSsoConnection;
using TenantSessions.Application.Sso.Commands.VerifySsoDomain;
using TenantSessions.Application.Sso.Queries.ListSsoConnections;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Admin;

/// <summary>The workspace's OIDC connections: add one, change its name, domains or secret, delete it (confirmed).</summary>
[Authorize(Roles = Roles.TenantAdmin)]
public sealed class SsoModel(IMediator mediator) : SessionPageModel(mediator)
{
    public IReadOnlyList<(SsoConnectionView Connection, ConfirmPrompt Delete)> Connections { get; private set; } = [];

    /// <summary>The TXT records waiting to be published, by provider id.</summary>
    public IReadOnlyDictionary<string, DomainVerificationChallenge> Challenges { get; private set; } = new Dictionary<string, DomainVerificationChallenge>();

    public SsoRequirement Requirement { get; private set; } = new(false, null, null, []);

    /// <summary>Turning the requirement on (or changing the break-glass account) is confirmed first: it takes passwords away.</summary>
    public ConfirmPrompt RequirePrompt => new(
        "Require",
        "Require single sign-on?",
        $"People at {string.Join(", ", Requirement.VerifiedDomains)} can then sign in only through the identity provider: their passwords, password resets and sign-ups here stop working, except for the break-glass account you choose. Their sessions that are live now go on.",
        "Require single sign-on",
        new Dictionary<string, string>(),
        new Dictionary<string, string>());

    [BindProperty]
    public string ProviderId { get; set; } = "";

    [BindProperty]
    public string Name { get; set; } = "";

    [BindProperty]
    public string Issuer { get; set; } = "";

    [BindProperty]
    public string Domain { get; set; } = "";

    [BindProperty]
    public string ClientId { get; set; } = "";

    [BindProperty]
    public string ClientSecret { get; set; } = "";

    [BindProperty]
    public string Scopes { get; set; } = string.Join(' ', SsoConnectionRules.DefaultScopes);

    [BindProperty]
    public string DefaultRole { get; set; } = Roles.Member;

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var views = await Mediator.Send(new ListSsoConnectionsQuery(), cancellationToken);
        var list = new List<(SsoConnectionView, ConfirmPrompt)>();
        foreach (var view in views)
        {
            list.Add((view, DeletePrompt(view.ProviderId, view.Name, await Mediator.Send(new PreviewDeleteSsoConnectionQuery(view.ProviderId), cancellationToken))));
        }

        Connections = list;
        var challenges = new Dictionary<string, DomainVerificationChallenge>();
        foreach (var view in views.Where(v => !v.DomainVerified))
        {
            if (await Mediator.Send(new GetDomainVerificationChallengeQuery(view.ProviderId), cancellationToken) is { } challenge)
            {
                challenges[view.ProviderId] = challenge;
            }
        }

        Challenges = challenges;
        Requirement = await Mediator.Send(new GetSsoRequirementQuery(), cancellationToken);
    }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostAddAsync() =>
        RunAsync(StepUpPrompt.For("Add", $"add the connection {ProviderId}", Fields(("ProviderId", ProviderId), ("Name", Name), ("Issuer", Issuer), ("Domain", Domain), ("ClientId", ClientId), ("Scopes", Scopes), ("DefaultRole", DefaultRole))), async ct =>
        {
            var view = await Mediator.Send(new RegisterSsoConnectionCommand(
                ProviderId.Trim(), Name, Issuer, Domain, ClientId, ClientSecret, Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), DefaultRole: DefaultRole), ct);
            return Done($"The connection {view.Name} was added. Give the IdP this redirect URI: {view.RedirectUri}");
        });

    public Task<IActionResult> OnPostUpdateAsync(string providerId, string? name, string? domain, string? clientSecret) =>
        RunAsync(StepUpPrompt.For("Update", $"change the connection {providerId}", Fields(("providerId", providerId), ("name", name ?? ""), ("domain", domain ?? ""))), async ct =>
        {
            var view = await Mediator.Send(new UpdateSsoConnectionCommand(providerId, Name: name, Domain: string.IsNullOrWhiteSpace(domain) ? null : domain, ClientSecret: clientSecret), ct);
            return Done($"The connection {view.Name} was saved.");
        });

    public Task<IActionResult> OnPostRequestVerificationAsync(string providerId) =>
        RunAsync(StepUpPrompt.For("RequestVerification", $"verify the domains of {providerId}", Fields(("providerId", providerId))), async ct =>
        {
            await Mediator.Send(new RequestSsoDomainVerificationCommand(providerId), ct);
            return Done("Publish the TXT record shown below, then choose Verify.");
        });

    public Task<IActionResult> OnPostVerifyAsync(string providerId) =>
        RunAsync(StepUpPrompt.For("Verify", $"verify the domains of {providerId}", Fields(("providerId", providerId))), async ct =>
        {
            await Mediator.Send(new VerifySsoDomainCommand(providerId), ct);
            return Done("The domains are verified: addresses there now find the connection, and people new to the workspace join through it.");
        });

    /// <summary>Turning the requirement on asks for a confirmation first (with and without JavaScript); turning it off does not.</summary>
    public Task<IActionResult> OnPostRequireAsync(bool required, Guid? breakGlassUserId)
    {
        var fields = Fields(("required", required ? "true" : "false"), ("breakGlassUserId", breakGlassUserId?.ToString() ?? ""));
        var stepUp = StepUpPrompt.For("Require", required ? "require single sign-on" : "stop requiring single sign-on", fields);
        async Task<IActionResult> Save(CancellationToken ct)
        {
            var saved = await Mediator.Send(new RequireSsoCommand(required, breakGlassUserId), ct);
            return Done(saved.Required ? "Single sign-on is now required at the verified domains." : "Single sign-on is no longer required.");
        }

        return required
            ? ConfirmThenRunAsync(async ct =>
            {
                await LoadAsync(ct);
                return RequirePrompt with { Fields = fields };
            }, stepUp, Save)
            : RunAsync(stepUp, Save);
    }

    public Task<IActionResult> OnPostDeleteAsync(string providerId) =>
        ConfirmThenRunAsync(
            async ct =>
            {
                var view = await Mediator.Send(new GetSsoConnectionQuery(providerId), ct);
                return DeletePrompt(providerId, view.Name, await Mediator.Send(new PreviewDeleteSsoConnectionQuery(providerId), ct));
            },
            StepUpPrompt.For("Delete", $"delete the connection {providerId}", Fields(("providerId", providerId))),
            async ct =>
            {
                var ended = await Mediator.Send(new DeleteSsoConnectionCommand(providerId), ct);
                return Done(ended, ended.Count == 0 ? "The connection was deleted." : $"The connection was deleted and {Plural(ended.Count, "session", "sessions")} signed in through it ended.");
            });

    private static ConfirmPrompt DeletePrompt(string providerId, string name, int sessions) => new(
        "Delete",
        $"Delete the connection {name}?",
        sessions == 0
            ? $"Nobody can sign in through {name} any more. No session signed in through it is live."
            : $"Nobody can sign in through {name} any more, and {ConfirmPrompt.Sessions(sessions)} signed in through it end at once.",
        "Delete the connection",
        new Dictionary<string, string> { ["providerId"] = providerId },
        new Dictionary<string, string>());

    protected override string FieldFor(string property) => property switch
    {
        "providerId" => nameof(ProviderId),
        "name" => nameof(Name),
        "issuer" or "discoveryEndpoint" => nameof(Issuer),
        "domain" => nameof(Domain),
        "clientId" => nameof(ClientId),
        "clientSecret" => nameof(ClientSecret),
        "scopes" => nameof(Scopes),
        "defaultRole" => nameof(DefaultRole),
        "breakGlassUserId" or "required" => "",
        _ => "",
    };
}
