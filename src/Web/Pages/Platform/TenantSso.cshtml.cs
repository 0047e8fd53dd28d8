using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Platform.Queries.ListTenants;
using TenantSessions.Application.Sso.Commands.ApproveSsoDomain;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Platform;

/// <summary>
/// A workspace's SSO connections for a superadmin: their domains and whether they are verified, and an "Approve" that
/// verifies them without DNS (confirmed first, fresh session). An unknown workspace is a 404.
/// </summary>
[Authorize(Roles = Roles.PlatformSuperadmin)]
public sealed class TenantSsoModel(IMediator mediator) : SessionPageModel(mediator)
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public string WorkspaceName { get; private set; } = "";

    public IReadOnlyList<PlatformSsoConnection> Connections { get; private set; } = [];

    public Dictionary<string, string> Route => new() { ["id"] = Id.ToString() };

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Connections = await Mediator.Send(new ListWorkspaceSsoConnectionsQuery(Id), cancellationToken);
        WorkspaceName = (await Mediator.Send(new ListTenantsQuery(Id: Id), cancellationToken)).Tenants.FirstOrDefault()?.Name ?? "";
    }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public ConfirmPrompt ApprovePrompt(PlatformSsoConnection connection) => new(
        "Approve",
        $"Approve {string.Join(", ", connection.Domains)} for {WorkspaceName}?",
        $"Without a DNS check, {WorkspaceName}'s connection {connection.Name} then adds people at {string.Join(", ", connection.Domains)} on their first sign-in, links their existing accounts, and finds them by their address."
            + (connection.AlsoVerifiedIn.Count > 0 ? $" The same domain is verified in {string.Join(", ", connection.AlsoVerifiedIn)} too." : ""),
        "Approve the domains",
        new Dictionary<string, string> { ["connectionId"] = connection.Id.ToString() },
        Route);

    public Task<IActionResult> OnPostApproveAsync(Guid connectionId) =>
        ConfirmThenRunAsync(
            async ct =>
            {
                await LoadAsync(ct);
                return ApprovePrompt(Connections.FirstOrDefault(c => c.Id == connectionId)
                    ?? throw new Application.Common.Exceptions.NotFoundException("This workspace has no such SSO connection."));
            },
            StepUpPrompt.For("Approve", "approve a workspace's SSO domains", Fields(("connectionId", connectionId.ToString())), Route),
            async ct =>
            {
                var approved = await Mediator.Send(new ApproveSsoDomainCommand(Id, connectionId), ct);
                return Done($"The domains {string.Join(", ", approved.Domains)} of {approved.Name} are verified.", new { id = Id });
            });
}
