using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Admin.Commands.BanMember;
using TenantSessions.Application.Admin.Commands.LiftMemberLockout;
using TenantSessions.Application.Admin.Commands.ResetMemberTwoFactor;
using TenantSessions.Application.Admin.Commands.RevokeMemberSession;
using TenantSessions.Application.Admin.Commands.RevokeMemberSessions;
using TenantSessions.Application.Admin.Queries.ListMemberSessions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Admin;

/// <summary>One member of the workspace: their live sessions (end one or all) and the ones that ended. Another workspace's user is a 404.</summary>
[Authorize(Roles = Roles.TenantAdmin)]
public sealed class MemberModel(IMediator mediator, ICurrentSession current, TimeProvider clock) : SessionPageModel(mediator)
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public MemberSessions Member { get; private set; } = new(Guid.Empty, "", "", []);

    public IReadOnlyList<EndedSession> Ended { get; private set; } = [];

    public bool IsYou => Id == current.UserId;

    /// <summary>"4 minutes", "30 seconds": how long the member's lockout still lasts.</summary>
    /// <summary>The wait left, rounded up to the minute (a lockout stored to the microsecond, as PostgreSQL does, is not "4 minutes" at 4:59.9999).</summary>
    public string LockoutLeft => Member.Lockout is { } lockout ? Durations.Describe(RoundedUp(lockout.Until - clock.GetUtcNow())) : "";

    private static TimeSpan RoundedUp(TimeSpan left) =>
        left > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(Math.Ceiling(left.TotalMinutes - 1e-9)) : left;

    public Dictionary<string, string> Route => new() { ["id"] = Id.ToString() };

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        // One query for both, so the member is looked up once per render (issue 26: it was read twice).
        Member = await Mediator.Send(new ListMemberSessionsQuery(Id, History: 20), cancellationToken);
        Ended = Member.Ended ?? [];
    }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    /// <summary>What "End session" beside one of the member's sessions will do.</summary>
    public ConfirmPrompt EndSession(SessionSummary session) => ConfirmPrompt.EndSessionOf(Member.Name, session, Route);

    public Task<IActionResult> OnPostRevokeAsync(Guid sessionId) =>
        ConfirmThenRunAsync(
            ct => DescribeAsync(m => m.EndSession(m.Member.Sessions.FirstOrDefault(s => s.Id == sessionId)
                ?? throw new TenantSessions.Application.Common.Exceptions.NotFoundException("There is no such session in this workspace.")), ct),
            StepUpPrompt.For("Revoke", "end this session", Fields(("sessionId", sessionId.ToString())), Route), async ct =>
        {
            var result = await Mediator.Send(new RevokeMemberSessionCommand(sessionId, Id), ct);
            return Done(result, result.Count == 0 ? "That session had already ended." : "The session was ended.", new { id = Id });
        });

    /// <summary>What "End all sessions" will do, counted when the page is shown (the dialog) or posted (no JavaScript).</summary>
    public ConfirmPrompt EndAll => ConfirmPrompt.EndMemberSessions(Member.Name, Member.Sessions.Count, Member.Sessions.Any(s => s.IsCurrent), Route);

    public ConfirmPrompt Ban => ConfirmPrompt.Ban(Member.Name, Member.Sessions.Count, Route);

    private async Task<ConfirmPrompt> DescribeAsync(Func<MemberModel, ConfirmPrompt> prompt, CancellationToken cancellationToken)
    {
        Member = await Mediator.Send(new ListMemberSessionsQuery(Id), cancellationToken);
        return prompt(this);
    }

    public Task<IActionResult> OnPostBanAsync() =>
        ConfirmThenRunAsync(ct => DescribeAsync(m => m.Ban, ct), StepUpPrompt.For("Ban", "ban this member", route: Route), async ct =>
        {
            var result = await Mediator.Send(new BanMemberCommand(Id), ct);
            return Done(result, $"The member is banned: sign-in is refused and {Plural(result.Count, "session", "sessions")} ended.", new { id = Id });
        });

    public Task<IActionResult> OnPostUnbanAsync() =>
        RunAsync(StepUpPrompt.For("Unban", "lift this ban", route: Route), async ct =>
        {
            await Mediator.Send(new UnbanMemberCommand(Id), ct);
            return Done("The ban is lifted: they can sign in again.", new { id = Id });
        });

    public Task<IActionResult> OnPostLiftLockoutAsync() =>
        RunAsync(StepUpPrompt.For("LiftLockout", "lift this member's lockout", route: Route), async ct =>
        {
            var lifted = await Mediator.Send(new LiftMemberLockoutCommand(Id), ct);
            return Done(lifted ? "The lockout is lifted: they can sign in again now." : "There was no lockout to lift.", new { id = Id });
        });

    public Task<IActionResult> OnPostResetTwoFactorAsync([FromForm] bool confirm) =>
        RunAsync(StepUpPrompt.For("ResetTwoFactor", "reset this member's two-factor authentication", Fields(("confirm", "true")), Route), async ct =>
        {
            if (!confirm)
            {
                Error = "Tick the box to confirm the reset.";
                return await ShowAsync(StatusCodes.Status400BadRequest);
            }

            var result = await Mediator.Send(new ResetMemberTwoFactorCommand(Id), ct);
            return Done(result, $"Two-factor authentication was reset and {Plural(result.Count, "session", "sessions")} ended. They'll set it up again at their next sign-in if the workspace requires it.", new { id = Id });
        });

    public Task<IActionResult> OnPostRevokeAllAsync() =>
        ConfirmThenRunAsync(ct => DescribeAsync(m => m.EndAll, ct), StepUpPrompt.For("RevokeAll", "end every session of this member", route: Route), async ct =>
        {
            var result = await Mediator.Send(new RevokeMemberSessionsCommand(Id), ct);
            return Done(result, result.Count == 0 ? "There was no live session to end." : $"Ended {Plural(result.Count, "session", "sessions")}.", new { id = Id });
        });
}
