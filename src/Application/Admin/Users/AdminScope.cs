using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Users;

/// <summary>
/// Whose people Better Auth's admin routes reach: a tenant admin on their workspace's host sees that workspace's people
/// (the tenant query filter, so another workspace's id is not found); a superadmin on the platform host sees everyone.
/// Anyone else is refused. Platform superadmins are never the target of a change here (they are made on the server,
/// ADR-011a), and a workspace is never left without an administrator.
/// </summary>
public sealed class AdminScope(IApplicationDbContext db, ICurrentSession current, ICurrentTenant tenant)
{
    public const string NoSuchUser = "There is no such person.";

    public bool IsPlatformWide => tenant.IsPlatformHost;

    public Guid? TenantId => tenant.Id;

    /// <summary>Refuses a caller who is not this host's administrator (a member, or a role on the wrong host).</summary>
    public void Demand()
    {
        var role = tenant.IsPlatformHost ? Roles.PlatformSuperadmin : Roles.TenantAdmin;
        if (!current.IsInRole(role))
        {
            throw new ForbiddenAccessException("Only an administrator can manage people here.");
        }
    }

    /// <summary>The people in reach; a deleted account (its pseudonymous row) is not among them.</summary>
    public IQueryable<ApplicationUser> Users => (tenant.IsPlatformHost ? db.Users.IgnoreQueryFilters() : db.Users).Where(u => u.DeletedAt == null);

    public IQueryable<Session> Sessions => tenant.IsPlatformHost ? db.Sessions.IgnoreQueryFilters() : db.Sessions;

    /// <summary>The person to change, tracked; a foreign or unknown id is not found, a superadmin is refused.</summary>
    public async Task<ApplicationUser> TargetAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken) ?? throw new NotFoundException(NoSuchUser);
        if (user.TenantId is null || await RolesOfAsync(user.Id, cancellationToken) is var roles && roles.Contains(Roles.PlatformSuperadmin))
        {
            throw new ForbiddenAccessException("Platform administrators are managed on the server (create-superadmin), not here.");
        }

        return user;
    }

    public Task<List<string>> RolesOfAsync(Guid userId, CancellationToken cancellationToken) =>
        (from ur in db.UserRoles where ur.UserId == userId join r in db.Roles on ur.RoleId equals r.Id select r.Name!).ToListAsync(cancellationToken);

    public async Task<ManagedUser> ViewAsync(Guid userId, CancellationToken cancellationToken) =>
        (await ManagedUsers.Project(db, Users.Where(u => u.Id == userId)).ToListAsync(cancellationToken)).Select(ManagedUsers.From).SingleOrDefault()
        ?? throw new NotFoundException(NoSuchUser);

    /// <summary>Refuses a change that would leave the person's workspace without an administrator.</summary>
    public async Task KeepAnAdministratorAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        var adminRole = await db.Roles.Where(r => r.Name == Roles.TenantAdmin).Select(r => r.Id).SingleAsync(cancellationToken);
        var isAdmin = await db.UserRoles.AnyAsync(ur => ur.UserId == user.Id && ur.RoleId == adminRole, cancellationToken);
        if (!isAdmin)
        {
            return;
        }

        var otherAdmins = await db.Users.IgnoreQueryFilters()
            .Where(u => u.TenantId == user.TenantId && u.Id != user.Id)
            .CountAsync(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRole), cancellationToken);
        if (otherAdmins == 0)
        {
            throw new RefusalException(ErrorCodes.Conflict, $"{user.DisplayName} is the workspace's only administrator: make someone else an administrator first.");
        }
    }
}
