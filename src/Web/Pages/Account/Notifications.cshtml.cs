using Mediator;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Sessions.Commands.SetSignInNotices;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Account;

/// <summary>E-mail notices: the new-sign-in notice can be turned off; the others are always sent.</summary>
public sealed class NotificationsModel(IMediator mediator) : SessionPageModel(mediator)
{
    public bool NewSignInNotices { get; private set; }

    [BindProperty]
    public bool Enabled { get; set; }

    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        NewSignInNotices = await Mediator.Send(new GetSignInNoticesQuery(), cancellationToken);

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostAsync() =>
        RunAsync(StepUpPrompt.For("", Enabled ? "turn on new-sign-in e-mails" : "turn off new-sign-in e-mails", Fields(("Enabled", Enabled ? "true" : "false"))), async ct =>
        {
            await Mediator.Send(new SetSignInNoticesCommand(Enabled), ct);
            return Done(Enabled ? "You will be e-mailed when your account signs in from a new device." : "You will no longer be e-mailed about sign-ins from new devices.");
        });
}
