using System.Security.Cryptography;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sso;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sso.Commands.VerifySsoDomain;

/// <summary>
/// Better Auth's <c>/sso/request-domain-verification</c>: the TXT record to publish on each of the connection's domains
/// (the pending one again while it lasts, a new one after a week). Already verified → <c>DOMAIN_VERIFIED</c>.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record RequestSsoDomainVerificationCommand(string ProviderId) : ICommand<DomainVerificationChallenge>, IRequireFreshSession;

/// <summary>
/// Better Auth's <c>/sso/verify-domain</c>: asks the configured resolver for the TXT record on every domain of the
/// connection; all found → the domains are verified (they route by e-mail and may provision members).
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record VerifySsoDomainCommand(string ProviderId) : ICommand, IRequireFreshSession;

/// <summary>The pending record of a connection, for the admin page (null when none is pending).</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record GetDomainVerificationChallengeQuery(string ProviderId) : IQuery<DomainVerificationChallenge?>;

internal sealed class VerifySsoDomainHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentTenant currentTenant,
    ICurrentSession current,
    IDnsTxtResolver dns,
    TimeProvider clock,
    ILogger<VerifySsoDomainHandler> logger)
    : ICommandHandler<RequestSsoDomainVerificationCommand, DomainVerificationChallenge>,
        ICommandHandler<VerifySsoDomainCommand>,
        IQueryHandler<GetDomainVerificationChallengeQuery, DomainVerificationChallenge?>
{
    /// <summary>A DNS label holds at most 63 characters.</summary>
    private const int LabelMaxLength = 63;

    public async ValueTask<DomainVerificationChallenge> Handle(RequestSsoDomainVerificationCommand command, CancellationToken cancellationToken)
    {
        var connection = await FindAsync(command.ProviderId, cancellationToken);
        ThrowIfVerified(connection);
        ThrowIfTooLong(connection);
        var now = clock.GetUtcNow();
        var pending = connection.HasPendingDomainVerification(now);
        connection.RequestDomainVerification(NewToken, now, SsoDomainVerification.Lifetime);
        if (!pending)
        {
            connection.UpdatedAt = now;
            store.Record(SsoReasons.DomainVerificationRequested, currentTenant.Id, null, null, $"{connection.ProviderId}: {connection.Domain}", current.UserId);
        }

        return Challenge(connection)!;
    }

    public async ValueTask<Unit> Handle(VerifySsoDomainCommand command, CancellationToken cancellationToken)
    {
        var connection = await FindAsync(command.ProviderId, cancellationToken);
        ThrowIfVerified(connection);
        ThrowIfTooLong(connection);
        var now = clock.GetUtcNow();
        if (!connection.HasPendingDomainVerification(now))
        {
            throw new RefusalException(SsoDomainErrors.NoPendingVerification, "There is no domain check waiting: ask for the TXT record first (it lasts a week).");
        }

        var challenge = Challenge(connection)!;
        var missing = new List<string>();
        foreach (var record in challenge.Records)
        {
            IReadOnlyList<string> found;
            try
            {
                found = await dns.TxtAsync(record.Name, cancellationToken);
            }
            catch (DnsUnavailableException e)
            {
                logger.LogWarning(e, "Domain check of SSO connection {ConnectionId}: the resolver did not answer for {Domain}", connection.Id, record.Domain);
                throw new RefusalException(SsoDomainErrors.DnsUnavailable,
                    $"The DNS lookup for {record.Domain} did not get an answer, so nothing was checked. Try again in a few minutes; nothing has changed.");
            }

            if (!found.Any(v => v.Trim() == record.Value || v.Trim() == challenge.Token))
            {
                missing.Add(record.Domain);
            }
        }

        if (missing.Count > 0)
        {
            logger.LogInformation("Domain check of SSO connection {ConnectionId} failed for {Domains}", connection.Id, string.Join(",", missing));
            throw new RefusalException(SsoDomainErrors.VerificationFailed,
                $"The TXT record was not found on {string.Join(", ", missing.Select(m => SsoDomainVerification.RecordName(connection.ProviderId, m)))} (or it has another value). " +
                "Publish it exactly as shown, wait for DNS to update, and verify again.");
        }

        connection.MarkDomainVerified(now, SsoDomainVerification.ByDns);
        connection.UpdatedAt = now;
        store.Record(SsoReasons.DomainVerified, currentTenant.Id, null, null, $"{connection.ProviderId}: {connection.Domain} (DNS)", current.UserId);
        logger.LogInformation("The domains of SSO connection {ConnectionId} were verified through DNS", connection.Id);
        return Unit.Value;
    }

    public async ValueTask<DomainVerificationChallenge?> Handle(GetDomainVerificationChallengeQuery query, CancellationToken cancellationToken)
    {
        var connection = await db.SsoConnections.AsNoTracking().SingleOrDefaultAsync(c => c.ProviderId == query.ProviderId, cancellationToken);
        return connection is null || !connection.HasPendingDomainVerification(clock.GetUtcNow()) ? null : Challenge(connection);
    }

    public static DomainVerificationChallenge? Challenge(SsoConnection connection) =>
        connection.DomainVerificationToken is not { } token
            ? null
            : new DomainVerificationChallenge(
                token,
                connection.Domains.Select(d => new DomainTxtRecord(d, SsoDomainVerification.RecordName(connection.ProviderId, d), SsoDomainVerification.RecordValue(connection.ProviderId, token))).ToList(),
                connection.DomainVerificationExpiresAt!.Value);

    private async Task<SsoConnection> FindAsync(string providerId, CancellationToken cancellationToken) =>
        await db.SsoConnections.SingleOrDefaultAsync(c => c.ProviderId == providerId, cancellationToken)
        ?? throw new NotFoundException("This workspace has no such SSO connection.");

    private static void ThrowIfVerified(SsoConnection connection)
    {
        if (connection.DomainVerified)
        {
            throw new RefusalException(SsoDomainErrors.AlreadyVerified, $"The domains of {connection.DisplayName} are verified already.");
        }
    }

    private static void ThrowIfTooLong(SsoConnection connection)
    {
        if (("_" + SsoDomainVerification.Identifier(connection.ProviderId)).Length > LabelMaxLength)
        {
            throw new RefusalException(SsoDomainErrors.IdentifierTooLong,
                $"The connection id {connection.ProviderId} is too long for a DNS record name (at most {LabelMaxLength - 19} characters can be checked).");
        }
    }

    /// <summary>24 characters from [A-Za-z0-9], as Better Auth's <c>generateRandomString(24)</c>.</summary>
    private static string NewToken() => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 24);
}
