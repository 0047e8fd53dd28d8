namespace TenantSessions.Domain.Users;

public static class Roles
{
    public const string Member = "Member";
    public const string TenantAdmin = "TenantAdmin";
    public const string PlatformSuperadmin = "PlatformSuperadmin";

    public static readonly IReadOnlyList<string> All = [Member, TenantAdmin, PlatformSuperadmin];
}
