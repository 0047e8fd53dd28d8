using TenantSessions.Application.Platform.Commands.RevokeUserSession;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Sessions.Queries.GetSessionDetail;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Platform;

/// <summary>Any person's session in full, for a platform superadmin. A session of another person is a 404.</summary>
[Authorize(Roles = Roles.PlatformSuperadmin)]
public sealed class UserSessionModel(IMediator mediator) : SessionPageModel(mediator)
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid SessionId { get; set; }

    public SessionDetail Session { get; private set; } = null!;

    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        Session = await Mediator.Send(new GetUserSessionQuery(Id, SessionId), cancellationToken);

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Dictionary<string, string> Route => new Dictionary<string, string> { ["id"] = Id.ToString(), ["sessionId"] = SessionId.ToString() };

    /// <summary>What the end button will do; the page shows it only while the session is live.</summary>
    public ConfirmPrompt EndPrompt => ConfirmPrompt.EndFromDetail(Session.UserName, Session.DeviceLabel, Session.IpAddress, Session.IsCurrent, Route);

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
            var result = await Mediator.Send(new RevokeUserSessionCommand(Id, SessionId), ct);
            if (result.IncludesCurrentSession)
            {
                return Redirect($"/sign-in?reason={TenantSessions.Domain.Sessions.RevokeReasons.SignedOut}");
            }

            Flash = result.Count == 0 ? "That session had already ended." : "The session was ended.";
            return Redirect($"/platform/users/{Id}");
        });
}
