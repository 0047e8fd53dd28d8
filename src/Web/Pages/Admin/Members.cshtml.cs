using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Admin.Queries.ListMembers;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Web.Authentication;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Admin;

[Authorize(Roles = Roles.TenantAdmin)]
public sealed class MembersModel(IMediator mediator) : SessionPageModel(mediator)
{
    public IReadOnlyList<MemberSummary> Members { get; private set; } = [];

    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        Members = await Mediator.Send(new ListMembersQuery(), cancellationToken);

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public static string RoleLabel(IReadOnlyList<string> roles) =>
        roles.Contains(Roles.TenantAdmin) ? "Admin" : roles.Contains(Roles.Member) ? "Member" : string.Join(", ", roles);
}
