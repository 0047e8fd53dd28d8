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
}
