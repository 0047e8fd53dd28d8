using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Platform.Commands.RevokeUserSessions;
using TenantSessions.Application.Platform.Queries.ListUserSessions;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Web.Authentication;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Platform;

/// <summary>Any person's live sessions, whatever their workspace, with "end all sessions".</summary>
[Authorize(Roles = Roles.PlatformSuperadmin)]
public sealed class UserModel(IMediator mediator) : SessionPageModel(mediator)
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public UserSessions Person { get; private set; } = new(Guid.Empty, "", "", null, null, null, [], []);

    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        Person = await Mediator.Send(new ListUserSessionsQuery(Id), cancellationToken);

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostRevokeAllAsync() =>
        RunAsync(StepUpPrompt.For("RevokeAll", "end every session of this person", route: new Dictionary<string, string> { ["id"] = Id.ToString() }), async ct =>
        {
            var result = await Mediator.Send(new RevokeUserSessionsCommand(Id), ct);
            return Done(result, result.Count == 0 ? "There was no live session to end." : $"Ended {Plural(result.Count, "session", "sessions")}.", new { id = Id });
        });
}
