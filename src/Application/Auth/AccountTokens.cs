using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Auth;

/// <summary>
/// The secrets of e-mailed links: 32 bytes from the CSPRNG, base64url, stored only as their SHA-256. Using one is a
/// conditional update (<c>UsedAt</c> still null) in the command's transaction, so of two concurrent uses exactly one
/// wins, and a command that fails leaves its link usable.
/// </summary>
public static class AccountTokens
{
    public static (AccountToken Row, string Secret) Create(AccountTokenPurpose purpose, Guid? tenantId, Guid? userId, string email, DateTimeOffset now, TimeSpan lifetime)
    {
        var secret = NewSecret();
        return (new AccountToken(Guid.CreateVersion7(now), purpose, tenantId, userId, email, Hash(secret), now, now + lifetime), secret);
    }

    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The usable token of this purpose in the current tenant, or <see cref="Invalid"/>. Does not use it up.</summary>
    public static async Task<AccountToken> FindUsableAsync(this IApplicationDbContext db, AccountTokenPurpose purpose, string? secret, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length > 100)
        {
            throw Invalid();
        }

        var hash = Hash(secret.Trim());
        var token = await db.AccountTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash && t.Purpose == purpose, cancellationToken);
        return token is not null && token.IsUsable(now) ? token : throw Invalid();
    }

    /// <summary>
    /// Marks the token used, inside the command's transaction (opened here with <see cref="IUnitOfWork.BeginAsync"/>),
    /// so the use commits with the command's save or rolls back with it: a command that fails after this leaves the
    /// link usable. The update is conditional (still unused, not cancelled, not expired): of two concurrent uses the
    /// second waits for the first's transaction and then finds nothing to update, and gets <see cref="Invalid"/>.
    /// </summary>
    public static async Task ConsumeAsync(this IApplicationDbContext db, IUnitOfWork unitOfWork, AccountToken token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await unitOfWork.BeginAsync(cancellationToken);
        var won = await db.AccountTokens
            .Where(t => t.Id == token.Id && t.UsedAt == null && t.CancelledAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken);
        if (won != 1)
        {
            throw Invalid();
        }
    }

    public static RefusalException Invalid() =>
        new(ErrorCodes.InvalidToken, "This link is invalid or has expired. Ask for a new one.");

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
