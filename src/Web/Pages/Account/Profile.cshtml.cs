using Mediator;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Accounts.Commands.ChangeEmail;
using TenantSessions.Application.Accounts.Commands.UpdateProfile;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Account;

/// <summary>
/// The person's name and e-mail address (ADR-030). The name changes at once; an address change needs a fresh session
/// and changes nothing until the link sent to the new address is used (the old one can then undo it).
/// </summary>
public sealed class ProfileModel(IMediator mediator) : SessionPageModel(mediator)
{
    public string CurrentName { get; private set; } = "";

    public string CurrentEmail { get; private set; } = "";

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? NewEmail { get; set; }

    /// <summary>Set by the confirmation link's redirect: the address just changed.</summary>
    [BindProperty(SupportsGet = true, Name = "email")]
    public string? EmailState { get; set; }

    protected override Task LoadAsync(CancellationToken cancellationToken)
    {
        var payload = HttpContext.Features.Get<SessionFeature>()?.Payload;
        CurrentName = payload?.Name ?? "";
        CurrentEmail = payload?.Email ?? "";
        Name ??= CurrentName;
        return Task.CompletedTask;
    }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostNameAsync() =>
        RunAsync(StepUpPrompt.For("Name", "change your name", Fields(("Name", Name ?? ""))), async ct =>
        {
            var name = await Mediator.Send(new UpdateProfileCommand(Name), ct);
            return Done($"Your name is now {name}.");
        });

    public Task<IActionResult> OnPostEmailAsync() =>
        RunAsync(StepUpPrompt.For("Email", "change your e-mail address", Fields(("NewEmail", NewEmail ?? ""))), async ct =>
        {
            try
            {
                await Mediator.Send(new RequestEmailChangeCommand(NewEmail ?? "", "/account/profile?email=changed"), ct);
            }
            catch (RefusalException e) when (e.Code is EmailChanges.SameEmailCode or EmailChanges.SsoManagedCode)
            {
                // Said beside the field, like a malformed address.
                throw new ValidationException("newEmail", e.Message);
            }

            return Done($"We sent a link to {NewEmail?.Trim()}. Your address changes when you open it (within an hour); until then, nothing changes.");
        });

    protected override string FieldFor(string property) => property.ToUpperInvariant() switch
    {
        "NAME" => nameof(Name),
        "NEWEMAIL" => nameof(NewEmail),
        _ => "",
    };
}
