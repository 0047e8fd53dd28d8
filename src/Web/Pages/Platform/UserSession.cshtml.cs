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
}
