using TenantSessions.Application.Sessions.Commands.RevokeMySession;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions.Queries.GetSessionDetail;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Account;

/// <summary>One of the person's own sessions in full, live or ended. Anybody else's session id is a 404.</summary>
public sealed class SessionModel(IMediator mediator, ICurrentSession current) : SessionPageModel(mediator)
{
    [BindProperty(SupportsGet = true)]
    public Guid SessionId { get; set; }

    public SessionDetail Session { get; private set; } = null!;

    public Guid? ViewerId => current.UserId;

    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        Session = await Mediator.Send(new GetMySessionQuery(SessionId), cancellationToken);

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Dictionary<string, string> Route => new Dictionary<string, string> { ["sessionId"] = SessionId.ToString() };

    /// <summary>What the end button will do; the page shows it only while the session is live.</summary>
    public ConfirmPrompt EndPrompt => ConfirmPrompt.EndFromDetail(null, Session.DeviceLabel, Session.IpAddress, Session.IsCurrent, Route);

    public Task<IActionResult> OnPostEndAsync() =>
        ConfirmThenRunAsync(
            async ct =>
            {
                await LoadAsync(ct);
                return EndPrompt;
            },
            StepUpPrompt.For("End", "end this session", route: Route), async ct =>
        {
            await LoadAsync(ct);
            var result = await Mediator.Send(new RevokeMySessionCommand(SessionId), ct);
            if (result.IncludesCurrentSession)
            {
                return Redirect($"/sign-in?reason={TenantSessions.Domain.Sessions.RevokeReasons.SignedOut}");
            }

            Flash = result.Count == 0 ? "That session had already ended." : $"Signed out {Session.DeviceLabel}.";
            return Redirect("/account/security");
        });
}
