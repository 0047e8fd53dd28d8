namespace TenantSessions.Application.Common.Security;

/// <summary>
/// Marks a command or query as needing a signed-in caller, optionally in one of <see cref="Roles"/> (comma-separated)
/// and on one kind of host (<see cref="Scope"/>). A request on the wrong kind of host is "not found".
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class AuthorizeAttribute : Attribute
{
    public string Roles { get; set; } = "";

    public AuthorizationScope Scope { get; set; } = AuthorizationScope.Any;
}

public enum AuthorizationScope
{
    Any = 0,

    /// <summary>Only on a tenant's host (<c>{slug}.{BaseDomain}</c>): tenant administration.</summary>
    TenantHost = 1,

    /// <summary>Only on the platform host (<c>{BaseDomain}</c>): superadmin work across tenants.</summary>
    PlatformHost = 2,
}
