using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Scim;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Scim.Tokens;

/// <summary>A SCIM token as the admin page lists it: never the secret.</summary>
public sealed record ScimTokenView(Guid Id, string Name, string Hint, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset SecretCreatedAt, DateTimeOffset? LastUsedAt);

/// <summary>A new or rotated token: <see cref="Secret"/> is shown once and is not kept anywhere.</summary>
public sealed record IssuedScimToken(ScimTokenView Token, string Secret)
{
    public override string ToString() => $"{nameof(IssuedScimToken)} {{ Token = {Token} }}";
}

/// <summary>The workspace's live SCIM tokens, newest first.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record ListScimTokensQuery : IQuery<IReadOnlyList<ScimTokenView>>;

/// <summary>A tenant admin creates a SCIM token for the workspace's directory. Needs a fresh session.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record CreateScimTokenCommand(string Name) : ICommand<IssuedScimToken>, IRequireFreshSession;

/// <summary>A new secret for the same token: the old one stops working at once. Needs a fresh session.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record RotateScimTokenCommand(Guid TokenId) : ICommand<IssuedScimToken>, IRequireFreshSession;

/// <summary>Ends a token for good: the directory's next request with it is a 401. Needs a fresh session.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record RevokeScimTokenCommand(Guid TokenId) : ICommand, IRequireFreshSession;

public sealed class ScimTokenHandlers(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentTenant currentTenant,
    ICurrentSession current,
    TimeProvider clock,
    ILogger<ScimTokenHandlers> logger)
    : IQueryHandler<ListScimTokensQuery, IReadOnlyList<ScimTokenView>>,
      ICommandHandler<CreateScimTokenCommand, IssuedScimToken>,
      ICommandHandler<RotateScimTokenCommand, IssuedScimToken>,
      ICommandHandler<RevokeScimTokenCommand>
{
    /// <summary>A workspace has at most this many live tokens (one per directory, and one more while rotating by hand).</summary>
    public const int MaxTokens = 10;

    public async ValueTask<IReadOnlyList<ScimTokenView>> Handle(ListScimTokensQuery query, CancellationToken cancellationToken)
    {
        var rows = await (
                from t in db.ScimTokens.AsNoTracking()
                where t.RevokedAt == null
                join u in db.Users on t.CreatedBy equals (Guid?)u.Id into creators
                from u in creators.DefaultIfEmpty()
                select new { t.Id, t.Name, t.CreatedAt, CreatedBy = u == null ? null : u.DisplayName, t.SecretCreatedAt, t.LastUsedAt })
            .ToListAsync(cancellationToken);
        return rows
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Select(t => new ScimTokenView(t.Id, t.Name, ScimTokens.Hint(t.Id), t.CreatedAt, t.CreatedBy, t.SecretCreatedAt, t.LastUsedAt))
            .ToList();
    }

    public async ValueTask<IssuedScimToken> Handle(CreateScimTokenCommand command, CancellationToken cancellationToken)
    {
        var tenant = currentTenant.Tenant ?? throw new NotFoundException("There is no workspace here.");
        var name = command.Name?.Trim() ?? "";
        if (name.Length is 0 or > ScimToken.NameMaxLength)
        {
            throw new ValidationException("name", $"Name the token (at most {ScimToken.NameMaxLength} characters), such as the directory that uses it.");
        }

        if (await db.ScimTokens.CountAsync(t => t.RevokedAt == null, cancellationToken) >= MaxTokens)
        {
            throw new RefusalException(ErrorCodes.Conflict, $"This workspace already has {MaxTokens} SCIM tokens. Revoke one first.");
        }

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var (secret, hash) = ScimTokens.New(id);
        var token = new ScimToken(id, tenant.Id, name, hash, now, current.UserId);
        db.ScimTokens.Add(token);
        store.Record(ScimReasons.TokenCreated, tenant.Id, null, null, name);
        logger.LogInformation("SCIM token {TokenId} created in tenant {TenantId}", id, tenant.Id);
        return new IssuedScimToken(await ViewAsync(token, cancellationToken), secret);
    }

    public async ValueTask<IssuedScimToken> Handle(RotateScimTokenCommand command, CancellationToken cancellationToken)
    {
        var token = await FindAsync(command.TokenId, cancellationToken);
        var now = clock.GetUtcNow();
        var (secret, hash) = ScimTokens.New(token.Id);
        token.Rotate(hash, now);
        store.Record(ScimReasons.TokenRotated, token.TenantId, null, null, token.Name);
        logger.LogInformation("SCIM token {TokenId} rotated", token.Id);
        return new IssuedScimToken(await ViewAsync(token, cancellationToken), secret);
    }

    public async ValueTask<Unit> Handle(RevokeScimTokenCommand command, CancellationToken cancellationToken)
    {
        var token = await FindAsync(command.TokenId, cancellationToken);
        token.Revoke(clock.GetUtcNow(), current.UserId);
        store.Record(ScimReasons.TokenRevoked, token.TenantId, null, null, token.Name);
        logger.LogInformation("SCIM token {TokenId} revoked", token.Id);
        return Unit.Value;
    }

    private async Task<ScimToken> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await db.ScimTokens.SingleOrDefaultAsync(t => t.Id == id && t.RevokedAt == null, cancellationToken)
        ?? throw new NotFoundException("There is no such SCIM token in this workspace.");

    private async Task<ScimTokenView> ViewAsync(ScimToken token, CancellationToken cancellationToken)
    {
        var creator = token.CreatedBy is { } by
            ? await db.Users.Where(u => u.Id == by).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new ScimTokenView(token.Id, token.Name, ScimTokens.Hint(token.Id), token.CreatedAt, creator, token.SecretCreatedAt, token.LastUsedAt);
    }
}

/// <summary>
/// The bearer token of a SCIM request (the whole <c>Authorization</c> header): a live token of the current workspace,
/// or a 401 <see cref="ScimException"/>. A token of another workspace is not found here (the query filter), so it is a
/// 401 too. Sets <see cref="ScimCaller"/>. Writes the last use at most once per <see cref="ScimTokens.LastUsedResolution"/>
/// (one conditional UPDATE, no write on the other requests); a query, so it commits nothing else.
/// </summary>
public sealed record AuthenticateScimTokenQuery(string? Authorization) : IQuery<Guid>
{
    public override string ToString() => nameof(AuthenticateScimTokenQuery);
}

public sealed class AuthenticateScimTokenHandler(IApplicationDbContext db, ICurrentTenant currentTenant, ScimCaller caller, TimeProvider clock)
    : IQueryHandler<AuthenticateScimTokenQuery, Guid>
{
    public async ValueTask<Guid> Handle(AuthenticateScimTokenQuery query, CancellationToken cancellationToken)
    {
        if (currentTenant.Tenant is null)
        {
            throw ScimException.NotFound();
        }

        var header = query.Authorization?.Trim();
        const string Bearer = "Bearer ";
        if (header is null || !header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) || ScimTokens.Parse(header[Bearer.Length..].Trim()) is not { } presented)
        {
            throw ScimException.Unauthorized();
        }

        var token = await db.ScimTokens.AsNoTracking()
            .Where(t => t.Id == presented.TokenId && t.RevokedAt == null)
            .Select(t => new { t.Id, t.VerifierHash, t.LastUsedAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (token is null || !ScimTokens.Matches(token.VerifierHash, presented.VerifierHash))
        {
            throw ScimException.Unauthorized();
        }

        if (!currentTenant.Tenant.IsActive)
        {
            throw new ScimException(403, null, "This workspace is suspended.");
        }

        var now = clock.GetUtcNow();
        if (token.LastUsedAt is not { } last || now - last >= ScimTokens.LastUsedResolution)
        {
            var stale = now - ScimTokens.LastUsedResolution;
            await db.ScimTokens
                .Where(t => t.Id == token.Id && (t.LastUsedAt == null || t.LastUsedAt <= stale))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }

        caller.TokenId = token.Id;
        return token.Id;
    }
}
