using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Users;

/// <summary>A person as Better Auth's admin routes show them (the <c>User</c> of the admin plugin, with the workspace).</summary>
public sealed record ManagedUser(
    Guid Id,
    string Email,
    string Name,
    bool EmailVerified,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> Roles,
    bool Banned,
    Guid? TenantId,
    string? TenantSlug,
    string? TenantName);

public static class ManagedUsers
{
    internal sealed record Row(
        Guid Id, string? Email, string DisplayName, bool EmailConfirmed, DateTimeOffset CreatedAt, List<string> Roles, DateTimeOffset? LockoutEnd,
        Guid? TenantId, string? TenantSlug, string? TenantName);

    internal static IQueryable<Row> Project(IApplicationDbContext db, IQueryable<ApplicationUser> users) =>
        from u in users
        join t in db.Tenants on u.TenantId equals (Guid?)t.Id into tenants
        from t in tenants.DefaultIfEmpty()
        select new Row(
            u.Id,
            u.Email,
            u.DisplayName,
            u.EmailConfirmed,
            u.CreatedAt,
            (from ur in db.UserRoles where ur.UserId == u.Id join r in db.Roles on ur.RoleId equals r.Id select r.Name!).ToList(),
            u.LockoutEnd,
            u.TenantId,
            t == null ? null : t.Slug,
            t == null ? null : t.Name);

    internal static ManagedUser From(Row r) => new(
        r.Id, r.Email ?? "", r.DisplayName, r.EmailConfirmed, r.CreatedAt, r.Roles, Bans.IsBanned(r.LockoutEnd), r.TenantId, r.TenantSlug, r.TenantName);

    /// <summary>
    /// The roles an administrator may give: ours, or Better Auth's default names (<c>user</c>, <c>admin</c>). One role
    /// per person; a superadmin is never made here.
    /// </summary>
    public static string? ParseRole(string? value) => value?.Trim() switch
    {
        Roles.Member or "user" or "member" => Roles.Member,
        Roles.TenantAdmin or "admin" => Roles.TenantAdmin,
        _ => null,
    };

    public const string RoleMessage = "Choose the role Member (or user) or TenantAdmin (or admin).";
}
