using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Admin.Commands.UpdateTwoFactorRequirement;
using TenantSessions.Application.Admin.Queries.GetTwoFactorRequirement;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Admin;

/// <summary>Who in this workspace must use two-factor authentication. Changing it needs a fresh session.</summary>
[Authorize(Roles = Roles.TenantAdmin)]
public sealed class TwoFactorModel(IMediator mediator) : SessionPageModel(mediator)
{
    public TwoFactorRequirement Requirement { get; private set; }

    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        Requirement = await Mediator.Send(new GetTwoFactorRequirementQuery(), cancellationToken);

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostAsync([FromForm] TwoFactorRequirement requirement) =>
        RunAsync(StepUpPrompt.For("", "change who must use two-factor authentication", Fields(("requirement", requirement.ToString()))), async ct =>
        {
            var saved = await Mediator.Send(new UpdateTwoFactorRequirementCommand(requirement), ct);
            return Done(saved switch
            {
                TwoFactorRequirement.Everyone => "Everyone in this workspace now needs two-factor authentication. People without it set it up at their next sign-in.",
                TwoFactorRequirement.Admins => "Admins now need two-factor authentication. Admins without it set it up at their next sign-in.",
                _ => "Two-factor authentication is now optional.",
            });
        });

    public static string Describe(TwoFactorRequirement requirement) => requirement switch
    {
        TwoFactorRequirement.Everyone => "Required for everyone",
        TwoFactorRequirement.Admins => "Required for admins",
        _ => "Optional",
    };
}
