using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Admin.Commands.ImpersonateUser;
using TenantSessions.Application.Admin.Queries.GetUser;
using TenantSessions.Application.Admin.Users;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Endpoints;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Admin;

/// <summary>A tenant admin starts acting as a member, with a reason (fresh session: the step-up form asks when needed).</summary>
[Authorize(Roles = Roles.TenantAdmin)]
public sealed class ImpersonateModel(IMediator mediator, TimeProvider clock) : SessionPageModel(mediator)
{
    [FromRoute]
    public Guid Id { get; set; }

    public ManagedUser Person { get; private set; } = null!;

    /// <summary>The reason typed, kept when the form comes back with an error.</summary>
    public string? Reason { get; private set; }

    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        Person = await Mediator.Send(new GetUserQuery(Id), cancellationToken);

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    protected override string FieldFor(string property) => property;

    public async Task<IActionResult> OnPostAsync(string? reason)
    {
        Reason = reason;
        return await RunAsync(StepUpPrompt.For("", $"act as this person", Fields(("reason", reason ?? "")), new Dictionary<string, string> { ["id"] = Id.ToString() }), async ct =>
        {
            var issued = await Mediator.Send(new ImpersonateUserCommand(Id, reason ?? "", AuthEndpoints.Client(HttpContext)), ct);
            await HttpContext.StartImpersonationAsync(issued, clock.GetUtcNow());
            return Redirect("/");
        });
    }
}
