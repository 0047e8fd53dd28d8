using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Platform.Commands.RevokeUserSession;
using TenantSessions.Application.Platform.Commands.RevokeUserSessions;
using TenantSessions.Application.Platform.Queries.GetUserSessionHistory;
using TenantSessions.Application.Platform.Queries.ListUserSessions;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Platform;

/// <summary>Any person's live sessions, whatever their workspace (end one or all), and the ones that ended: who ended which and why.</summary>
[Authorize(Roles = Roles.PlatformSuperadmin)]
public sealed class UserModel(IMediator mediator, ICurrentSession current) : SessionPageModel(mediator)
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public UserSessions Person { get; private set; } = new(Guid.Empty, "", "", null, null, null, [], []);

    public IReadOnlyList<EndedSession> Ended { get; private set; } = [];

    /// <summary>The page of the history shown (<c>?history=2</c>): the last <see cref="SessionHistory.MaxLimit"/> ended sessions, collapsed, 10 rows a page.</summary>
    [BindProperty(SupportsGet = true, Name = "history")]
    public int HistoryPage { get; set; } = 1;

    public EndedSessionPager HistoryPager => new(HistoryPage, EndedSessionPager.DefaultSize, page => $"/platform/users/{Id}?history={page}#ended-title");

    public Guid? ViewerId => current.UserId;

    public Dictionary<string, string> Route => new() { ["id"] = Id.ToString() };

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Person = await Mediator.Send(new ListUserSessionsQuery(Id), cancellationToken);
        Ended = await Mediator.Send(new GetUserSessionHistoryQuery(Id, SessionHistory.MaxLimit), cancellationToken);
    }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    /// <summary>What "End session" beside one of the person's sessions will do.</summary>
    public ConfirmPrompt EndSession(SessionSummary session) => ConfirmPrompt.EndSessionOf(Person.Name, session, Route);

    /// <summary>What "End all sessions" will do, counted when the page is shown or posted.</summary>
    public ConfirmPrompt EndAll => ConfirmPrompt.EndUserSessions(Person.Name, Person.Sessions.Count, Route);

    private async Task<ConfirmPrompt> DescribeAsync(Func<UserModel, ConfirmPrompt> prompt, CancellationToken cancellationToken)
    {
        Person = await Mediator.Send(new ListUserSessionsQuery(Id), cancellationToken);
        return prompt(this);
    }

    public Task<IActionResult> OnPostRevokeAsync(Guid sessionId) =>
        ConfirmThenRunAsync(
            ct => DescribeAsync(m => m.EndSession(m.Person.Sessions.FirstOrDefault(s => s.Id == sessionId)
                ?? throw new TenantSessions.Application.Common.Exceptions.NotFoundException("There is no such session for this person.")), ct),
            StepUpPrompt.For("Revoke", "end this session", Fields(("sessionId", sessionId.ToString())), Route), async ct =>
        {
            var result = await Mediator.Send(new RevokeUserSessionCommand(Id, sessionId), ct);
            return Done(result, result.Count == 0 ? "That session had already ended." : "The session was ended.", new { id = Id });
        });

    public Task<IActionResult> OnPostRevokeAllAsync() =>
        ConfirmThenRunAsync(ct => DescribeAsync(m => m.EndAll, ct), StepUpPrompt.For("RevokeAll", "end every session of this person", route: Route), async ct =>
        {
            var result = await Mediator.Send(new RevokeUserSessionsCommand(Id), ct);
            return Done(result, result.Count == 0 ? "There was no live session to end." : $"Ended {Plural(result.Count, "session", "sessions")}.", new { id = Id });
        });
}
