using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;

namespace TenantSessions.Application.Sso;

/// <summary>The connection an address must sign in through, and the workspace's break-glass account.</summary>
public sealed record SsoRequiredFor(string ProviderId, string ConnectionName, string Domain, Guid? BreakGlassUserId)
{
    public RefusalException Refusal() => new(SsoDomainErrors.SsoRequired,
        $"Use \u201cContinue with {ConnectionName}\u201d: this workspace signs in addresses at {Domain} through {ConnectionName}, not with a password.");
}

/// <summary>
/// Whether the current workspace requires an address to use single sign-on: the requirement is on and the address is
/// at a verified domain of one of its connections. It depends on the address's domain only, never on whether an account
/// exists, so a refusal tells nobody more than the domain already does (docs/security.md).
/// </summary>
public sealed class SsoEnforcement(IApplicationDbContext db, ICurrentTenant currentTenant)
{
    public async Task<SsoRequiredFor?> ForAsync(string? email, CancellationToken cancellationToken)
    {
        var at = email?.LastIndexOf('@') ?? -1;
        if (currentTenant.Tenant is not { } tenant || at < 0)
        {
            return null;
        }

        var domain = email![(at + 1)..].Trim().ToLowerInvariant();
        var setting = await db.Tenants.AsNoTracking().Where(t => t.Id == tenant.Id)
            .Select(t => new { t.SsoRequired, t.SsoBreakGlassUserId }).SingleOrDefaultAsync(cancellationToken);
        if (setting is not { SsoRequired: true } || domain.Length == 0)
        {
            return null;
        }

        var connections = await db.SsoConnections.AsNoTracking().Where(c => c.DomainVerified)
            .OrderBy(c => c.CreatedAt).Select(c => new { c.ProviderId, c.DisplayName, c.Domain }).ToListAsync(cancellationToken);
        var connection = connections.FirstOrDefault(c => SsoConnectionRules.SplitDomains(c.Domain).Contains(domain));
        return connection is null ? null : new SsoRequiredFor(connection.ProviderId, connection.DisplayName, domain, setting.SsoBreakGlassUserId);
    }

    /// <summary>Refuses unless the address may use a password here (<paramref name="userId"/>: the account it belongs to, if known).</summary>
    public async Task ThrowIfRequiredAsync(string? email, Guid? userId, CancellationToken cancellationToken)
    {
        if (await ForAsync(email, cancellationToken) is { } required && (userId is null || userId != required.BreakGlassUserId))
        {
            throw required.Refusal();
        }
    }
}
