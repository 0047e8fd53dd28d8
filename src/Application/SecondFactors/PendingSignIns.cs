using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.SecondFactors;

namespace TenantSessions.Application.SecondFactors;

/// <summary>A pending sign-in just started: the secret goes into the pending-sign-in cookie and nowhere else.</summary>
public sealed record StartedPendingSignIn(string Token, DateTimeOffset ExpiresAt, PendingSignInPurpose Purpose)
{
    public override string ToString() => $"StartedPendingSignIn {{ Purpose = {Purpose} }}";
}

/// <summary>
/// The rows behind pending-sign-in cookies. The global query filter keeps them to the current tenant, so a cookie
/// carried to another workspace names nothing; use is a conditional delete, so it succeeds once, on one node.
/// </summary>
public static class PendingSignIns
{
    public static StartedPendingSignIn Start(
        this IApplicationDbContext db, Guid userId, Guid? tenantId, PendingSignInPurpose purpose, bool rememberMe, DateTimeOffset now, TimeSpan lifetime)
    {
        var id = Guid.CreateVersion7(now);
        var (token, hash) = PendingSignInToken.Generate(id);
        var expiresAt = now + lifetime;
        db.PendingSignIns.Add(new PendingSignIn(id, hash, tenantId, userId, purpose, rememberMe, now, expiresAt));
        return new StartedPendingSignIn(token, expiresAt, purpose);
    }

    /// <summary>The live row this token names in the current tenant, or null (malformed, unknown, wrong verifier, expired, other tenant).</summary>
    public static async Task<PendingSignIn?> FindPendingAsync(this IApplicationDbContext db, string? token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (PendingSignInToken.TryParse(token) is not { } presented)
        {
            return null;
        }

        var row = await db.PendingSignIns.AsNoTracking().SingleOrDefaultAsync(p => p.Id == presented.Id, cancellationToken);
        return row is not null && PendingSignInToken.Matches(row.TokenHash, presented.Hash) && row.ExpiresAt > now ? row : null;
    }

    /// <summary>Uses the pending sign-in up: true for exactly one caller, while it has not expired.</summary>
    public static async Task<bool> ConsumeAsync(this IApplicationDbContext db, PendingSignIn pending, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.PendingSignIns.Where(p => p.Id == pending.Id && p.ExpiresAt > now).ExecuteDeleteAsync(cancellationToken) == 1;

    /// <summary>Counts a wrong code; at <paramref name="maxAttempts"/> the pending sign-in is gone and the password must be entered again.</summary>
    public static async Task CountFailureAsync(this IApplicationDbContext db, PendingSignIn pending, int maxAttempts, CancellationToken cancellationToken)
    {
        await db.PendingSignIns.Where(p => p.Id == pending.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.FailedAttempts, p => p.FailedAttempts + 1), cancellationToken);
        await db.PendingSignIns.Where(p => p.Id == pending.Id && p.FailedAttempts >= maxAttempts).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Every pending sign-in of a person (after a reset of their second factor, a ban...).</summary>
    public static Task<int> DropPendingSignInsAsync(this IApplicationDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.PendingSignIns.IgnoreQueryFilters().Where(p => p.UserId == userId).ExecuteDeleteAsync(cancellationToken);
}
