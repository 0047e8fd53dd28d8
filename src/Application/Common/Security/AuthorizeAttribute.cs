namespace TenantSessions.Application.Common.Security;

/// <summary>Marks a command or query as needing a signed-in caller, optionally in one of <see cref="Roles"/> (comma-separated).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class AuthorizeAttribute : Attribute
{
    public string Roles { get; set; } = "";
}
