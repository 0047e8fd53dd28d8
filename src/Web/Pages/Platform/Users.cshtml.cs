using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Platform.Queries.ListPlatformUsers;
using TenantSessions.Application.Platform.Queries.ListTenants;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Platform;

/// <summary>People across every workspace, searchable by e-mail or name and filterable by workspace.</summary>
[Authorize(Roles = Roles.PlatformSuperadmin)]
public sealed class UsersModel(IMediator mediator) : SessionPageModel(mediator)
{
    public const int PageSize = 200;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "tenant")]
    public Guid? TenantId { get; set; }

    public IReadOnlyList<PlatformUserSummary> Users { get; private set; } = [];

    public IReadOnlyList<TenantChoice> Tenants { get; private set; } = [];

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Tenants = await Mediator.Send(new ListTenantChoicesQuery(), cancellationToken);
        Users = await Mediator.Send(new ListPlatformUsersQuery(TenantId, Search, PageSize), cancellationToken);
    }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public static string RoleLabel(IReadOnlyList<string> roles) =>
        roles.Contains(Roles.PlatformSuperadmin) ? "Superadmin" : roles.Contains(Roles.TenantAdmin) ? "Admin" : roles.Contains(Roles.Member) ? "Member" : string.Join(", ", roles);
}
