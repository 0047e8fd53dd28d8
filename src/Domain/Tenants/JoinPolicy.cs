namespace TenantSessions.Domain.Tenants;

/// <summary>How people join a workspace, set by its admin.</summary>
public enum JoinPolicy
{
    /// <summary>Only by invitation (the default for new workspaces).</summary>
    InviteOnly = 0,

    /// <summary>Anyone whose e-mail is in one of <see cref="Tenant.AllowedEmailDomains"/> may sign up (and verifies the address).</summary>
    AllowedDomains = 1,

    /// <summary>Anyone may sign up (and verifies the address).</summary>
    Open = 2,
}
