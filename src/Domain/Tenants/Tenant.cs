namespace TenantSessions.Domain.Tenants;

public sealed class Tenant
{
    private Tenant()
    {
    }

    public Tenant(Guid id, string slug, string name, DateTimeOffset createdAt)
    {
        Id = id;
        Slug = TenantSlug.Normalize(slug);
        Name = name;
        CreatedAt = createdAt;
        Status = TenantStatus.Active;
        Policy = new TenantSessionPolicy();
    }

    public Guid Id { get; private set; }

    /// <summary>The subdomain label, e.g. <c>acme</c>. Never used as a foreign key: renaming it keeps sessions.</summary>
    public string Slug { get; private set; } = "";

    public string Name { get; private set; } = "";

    public TenantStatus Status { get; private set; }

    public string? SuspensionReason { get; private set; }

    public DateTimeOffset? SuspendedAt { get; private set; }

    /// <summary>
    /// Set when the tenant is reactivated: a session created before this instant is ended, whatever its row says. A
    /// suspension ends the sessions it reads inside its unit of work, but a sign-in can commit a session in between
    /// (after that read, before the commit) or go through a node that has not heard of the suspension yet; once the
    /// tenant is active again such a session would be valid. Every session created before the reactivation was either
    /// ended by the suspension or slipped past it, so none of them may be used afterwards (docs/architecture.md).
    /// </summary>
    public DateTimeOffset? SessionsNotBefore { get; private set; }

    /// <summary>The platform superadmin who suspended the workspace (null when suspended by seeding or before this was recorded).</summary>
    public Guid? SuspendedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Bumped on every change that must re-issue cookie caches (rename, suspension, policy).</summary>
    public int Version { get; private set; } = 1;

    public TenantSessionPolicy Policy { get; private set; } = new();

    public TwoFactorRequirement TwoFactorRequirement { get; private set; }

    /// <summary>How long the workspace's audit events are kept before the purge removes them; null = the platform default.</summary>
    public TimeSpan? AuditRetention { get; private set; }

    public bool IsActive => Status == TenantStatus.Active;

    public JoinPolicy JoinPolicy { get; private set; } = JoinPolicy.InviteOnly;

    /// <summary>Lower-case domains, comma-separated (<c>acme.test,acme.example</c>); used when <see cref="JoinPolicy"/> is <see cref="JoinPolicy.AllowedDomains"/>.</summary>
    public string AllowedEmailDomains { get; private set; } = "";

    /// <summary>Whether the workspace's administrators may act as a member (impersonation); superadmins always may.</summary>
    public bool AdminsMayImpersonate { get; private set; }

    /// <summary>Whether a person is e-mailed when an administrator starts acting as them.</summary>
    public bool NotifyImpersonatedPeople { get; private set; }

    /// <summary>
    /// Whether addresses at the verified domains of the workspace's SSO connections must sign in through the connection
    /// (no password sign-in, reset or sign-up), except <see cref="SsoBreakGlassUserId"/>.
    /// </summary>
    public bool SsoRequired { get; private set; }

    /// <summary>The one administrator who keeps signing in with a password and second factor while SSO is required.</summary>
    public Guid? SsoBreakGlassUserId { get; private set; }

    public void RequireSso(bool required, Guid? breakGlassUserId)
    {
        SsoRequired = required;
        SsoBreakGlassUserId = breakGlassUserId;
    }

    public void ChangeImpersonationPolicy(bool adminsMayImpersonate, bool notifyImpersonatedPeople)
    {
        AdminsMayImpersonate = adminsMayImpersonate;
        NotifyImpersonatedPeople = notifyImpersonatedPeople;
    }

    public IReadOnlyList<string> AllowedDomainList =>
        AllowedEmailDomains.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void ChangeJoinPolicy(JoinPolicy policy, IEnumerable<string> domains)
    {
        JoinPolicy = policy;
        AllowedEmailDomains = string.Join(',', domains.Select(d => d.Trim().TrimStart('@').ToLowerInvariant()).Where(d => d.Length > 0).Distinct());
    }

    /// <summary>Whether someone with this e-mail may sign up without an invitation.</summary>
    public bool AcceptsSignUpFrom(string email)
    {
        var at = email.LastIndexOf('@');
        var domain = at < 0 ? "" : email[(at + 1)..].Trim().ToLowerInvariant();
        return JoinPolicy switch
        {
            JoinPolicy.Open => true,
            JoinPolicy.AllowedDomains => domain.Length > 0 && AllowedDomainList.Contains(domain),
            _ => false,
        };
    }

    public void Rename(string name)
    {
        Name = name;
        Version++;
    }

    public void Suspend(string reason, DateTimeOffset at, Guid? by = null)
    {
        Status = TenantStatus.Suspended;
        SuspensionReason = reason;
        SuspendedAt = at;
        SuspendedBy = by;
        Version++;
    }

    public void Reactivate(DateTimeOffset at)
    {
        Status = TenantStatus.Active;
        SuspensionReason = null;
        SuspendedAt = null;
        SessionsNotBefore = at;
        SuspendedBy = null;
        Version++;
    }

    public void ChangePolicy(TenantSessionPolicy policy)
    {
        Policy = policy;
        Version++;
    }

    /// <summary>Changes who must use a second factor. Takes effect at the next sign-in: no cookie cache carries it.</summary>
    public void RequireTwoFactor(TwoFactorRequirement requirement) => TwoFactorRequirement = requirement;

    /// <summary>Changes how long audit events are kept (null = the platform default). The next purge applies it.</summary>
    public void KeepAuditEventsFor(TimeSpan? retention) => AuditRetention = retention;
}
