using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Admin.Invitations;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Admin;

/// <summary>Who may join the workspace: pending invitations (invite, resend, cancel) and the join policy.</summary>
[Authorize(Roles = Roles.TenantAdmin)]
public sealed class InvitationsModel(IMediator mediator) : SessionPageModel(mediator)
{
    public IReadOnlyList<InvitationSummary> Invitations { get; private set; } = [];

    public JoinPolicyView JoinPolicy { get; private set; } = new(Domain.Tenants.JoinPolicy.InviteOnly, []);

    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Role { get; set; } = Roles.Member;

    [BindProperty]
    public JoinPolicy Policy { get; set; }

    [BindProperty]
    public string Domains { get; set; } = "";

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Invitations = await Mediator.Send(new ListInvitationsQuery(), cancellationToken);
        JoinPolicy = await Mediator.Send(new GetJoinPolicyQuery(), cancellationToken);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var page = await ShowAsync();
        Policy = JoinPolicy.Policy;
        Domains = string.Join(", ", JoinPolicy.Domains);
        return page;
    }

    public Task<IActionResult> OnPostInviteAsync() =>
        RunAsync(StepUpPrompt.For("Invite", $"invite {Email}", Fields(("Email", Email), ("Role", Role))), async ct =>
        {
            var invitation = await Mediator.Send(new InviteMemberCommand(Email, Role), ct);
            return Done($"An invitation was sent to {invitation.Email}. It works once, until {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC.");
        });

    public Task<IActionResult> OnPostResendAsync(Guid invitationId) =>
        RunAsync(StepUpPrompt.For("Resend", "send this invitation again", Fields(("invitationId", invitationId.ToString()))), async ct =>
        {
            var invitation = await Mediator.Send(new ResendInvitationCommand(invitationId), ct);
            return Done($"The invitation to {invitation.Email} was sent again; the earlier link no longer works.");
        });

    public Task<IActionResult> OnPostCancelAsync(Guid invitationId) =>
        RunAsync(StepUpPrompt.For("Cancel", "cancel this invitation", Fields(("invitationId", invitationId.ToString()))), async ct =>
        {
            await Mediator.Send(new CancelInvitationCommand(invitationId), ct);
            return Done("The invitation was cancelled; its link no longer works.");
        });

    public Task<IActionResult> OnPostJoinPolicyAsync() =>
        RunAsync(StepUpPrompt.For("JoinPolicy", "change who may join", Fields(("Policy", Policy.ToString()), ("Domains", Domains))), async ct =>
        {
            var domains = Domains.Split([',', ' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            await Mediator.Send(new UpdateJoinPolicyCommand(Policy, domains), ct);
            return Done("Who may join was saved.");
        });

    protected override string FieldFor(string property) => property switch
    {
        "email" => nameof(Email),
        "role" => nameof(Role),
        "domains" => nameof(Domains),
        _ => "",
    };
}
