using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Infrastructure.Data.Converters;

namespace TenantSessions.Infrastructure.SessionEngine;

/// <summary>What the database path reads for a presented session: the row, its user, roles and tenant.</summary>
public sealed record SessionRow(
    Guid Id, byte[] TokenHash, Guid? TenantId, Guid UserId, DateTimeOffset CreatedAt, DateTimeOffset AuthenticatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, DateTimeOffset AbsoluteExpiresAt, string? IpAddress, string? UserAgent,
    bool IsPersistent, DateTimeOffset? RevokedAt, string? RevokeReason, string Email, string DisplayName, DateTimeOffset? LockoutEnd,
    IReadOnlyList<string> Roles, string? TenantSlug, string? TenantName, TenantStatus? TenantStatus, string? SuspensionReason, int TenantVersion,
    DateTimeOffset? TenantSessionsNotBefore);

/// <summary>
/// The database path's one read as a plain ADO.NET command, kept on its connection (<see cref="SessionRowReader"/>):
/// two statements in one round trip — the session row joined with its user and tenant, then the user's role names —
/// prepared once per connection (on PostgreSQL by Npgsql, after its second use on a physical connection: ADR-015) and
/// executed with only the session id rebound.
/// <para>
/// Why not an EF Core query: even compiled and on a kept context, EF's per-execution pipeline around this primary-key
/// lookup (query context, command creation, parameter objects, the shaper and its collection of roles, a dynamic
/// method created per execution for the nested collection, the services it resolves) cost more CPU than the SQLite
/// lookup itself (profile in docs/benchmarks.md). What EF still provides: the SQL's table and column names come from the
/// model and the provider's identifier quoting, the session id is bound through the model's type mapping (SQLite
/// stores it as text), instants are read as the model stores them (UTC ticks on SQLite), and every execution is
/// announced to EF's command interceptors through <see cref="IRelationalCommandDiagnosticsLogger"/> — so the
/// database-command metrics, the tests' command counters and fault injection see this read like any other command.
/// </para>
/// <para>
/// No query filter applies (the reader's contexts belong to no tenant); the validator compares the row's tenant with
/// the request's. Each execution is its own autocommit statement, so it sees every commit made before it: a revocation
/// is honoured at once.
/// </para>
/// </summary>
internal sealed class SessionRowCommand : IDisposable
{
    private static readonly ConcurrentDictionary<Type, Shape> Shapes = new();

    private readonly AppDbContext _context;
    private readonly Shape _shape;
    private readonly IRelationalConnection _connection;
    private readonly IRelationalCommandDiagnosticsLogger _logger;
    private readonly DbCommand _command;
    private readonly DbParameter _id;

    /// <summary>
    /// Correlation ids of this read's diagnostics events: a process-wide prefix and a counter (a random
    /// <see cref="Guid.NewGuid"/> per read was 3 % of the PostgreSQL database path's CPU).
    /// </summary>
    private static readonly Guid CommandIdPrefix = Guid.NewGuid();
    private static long s_commandCount;

    public SessionRowCommand(AppDbContext context)
    {
        _context = context;
        _shape = Shapes.GetOrAdd(context.GetType(), static (_, db) => Shape.Of(db), context);
        _connection = context.GetService<IRelationalConnection>();
        _logger = context.GetService<IRelationalCommandDiagnosticsLogger>();
        _command = _connection.DbConnection.CreateCommand();
        _command.CommandText = _shape.Sql;
        _id = _shape.IdMapping.CreateParameter(_command, _shape.IdParameter, Guid.Empty, nullable: false);
        _command.Parameters.Add(_id);
        // PostgreSQL: the reader's connections multiplex (ADR-015), where explicit preparation is not supported; Npgsql
        // prepares the statement on each physical connection after its second use there (automatic preparation).
    }

    private static Guid NextCommandId()
    {
        Span<byte> bytes = stackalloc byte[16];
        CommandIdPrefix.TryWriteBytes(bytes);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], Interlocked.Increment(ref s_commandCount));
        return new Guid(bytes);
    }

    public async Task<SessionRow?> ReadAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        _id.Value = _shape.IdMapping.Converter?.ConvertToProvider(sessionId) ?? sessionId;

        var commandId = NextCommandId();
        var startTime = DateTimeOffset.UtcNow;
        var stopwatch = Stopwatch.StartNew();
        DbDataReader reader;
        try
        {
            var interception = await _logger.CommandReaderExecutingAsync(
                _connection, _command, _shape.Sql, _context, commandId, _connection.ConnectionId, startTime, CommandSource.FromSqlQuery, cancellationToken);
            reader = interception.HasResult ? interception.Result : await _command.ExecuteReaderAsync(cancellationToken);
            reader = await _logger.CommandReaderExecutedAsync(
                _connection, _command, _shape.Sql, _context, commandId, _connection.ConnectionId, reader, startTime, stopwatch.Elapsed, CommandSource.FromSqlQuery, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await _logger.CommandErrorAsync(
                _connection, _command, _shape.Sql, _context, DbCommandMethod.ExecuteReader, commandId, _connection.ConnectionId, e, startTime, stopwatch.Elapsed,
                CommandSource.FromSqlQuery, cancellationToken);
            throw;
        }

        await using (reader)
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var s = _shape;
            var id = reader.GetGuid(0);
            var tokenHash = reader.GetFieldValue<byte[]>(1);
            Guid? tenantId = reader.IsDBNull(2) ? null : reader.GetGuid(2);
            var userId = reader.GetGuid(3);
            var createdAt = s.Instant(reader, 4);
            var authenticatedAt = s.Instant(reader, 5);
            var updatedAt = s.Instant(reader, 6);
            var lastSeenAt = s.Instant(reader, 7);
            var expiresAt = s.Instant(reader, 8);
            var absoluteExpiresAt = s.Instant(reader, 9);
            var ipAddress = reader.IsDBNull(10) ? null : reader.GetString(10);
            var userAgent = reader.IsDBNull(11) ? null : reader.GetString(11);
            var isPersistent = reader.GetBoolean(12);
            var revokedAt = s.NullableInstant(reader, 13);
            var revokeReason = reader.IsDBNull(14) ? null : reader.GetString(14);
            var email = reader.IsDBNull(15) ? "" : reader.GetString(15);
            var displayName = reader.GetString(16);
            var lockoutEnd = s.NullableInstant(reader, 17);
            var tenantSlug = reader.IsDBNull(18) ? null : reader.GetString(18);
            var tenantName = reader.IsDBNull(19) ? null : reader.GetString(19);
            TenantStatus? tenantStatus = reader.IsDBNull(20) ? null : (TenantStatus)reader.GetInt32(20);
            var suspensionReason = reader.IsDBNull(21) ? null : reader.GetString(21);
            var tenantVersion = reader.IsDBNull(22) ? 0 : reader.GetInt32(22);
            var sessionsNotBefore = s.NullableInstant(reader, 23);

            IReadOnlyList<string> roles = [];
            if (await reader.NextResultAsync(cancellationToken))
            {
                List<string>? names = null;
                while (await reader.ReadAsync(cancellationToken))
                {
                    (names ??= new List<string>(2)).Add(reader.GetString(0));
                }

                roles = names is null ? [] : names;
            }

            return new SessionRow(
                id, tokenHash, tenantId, userId, createdAt, authenticatedAt, updatedAt, lastSeenAt, expiresAt, absoluteExpiresAt, ipAddress, userAgent,
                isPersistent, revokedAt, revokeReason, email, displayName, lockoutEnd, roles, tenantSlug, tenantName, tenantStatus, suspensionReason,
                tenantVersion, sessionsNotBefore);
        }
    }

    public void Dispose() => _command.Dispose();

    /// <summary>The SQL of one context type (one provider's model), and how its columns are read.</summary>
    private sealed class Shape
    {
        public required string Sql { get; init; }

        public required string IdParameter { get; init; }

        public required RelationalTypeMapping IdMapping { get; init; }

        /// <summary>True when the model stores instants as UTC ticks (SQLite), false when the provider has an instant type.</summary>
        public required bool InstantsAsTicks { get; init; }

        public DateTimeOffset Instant(DbDataReader reader, int ordinal) =>
            InstantsAsTicks ? new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero) : reader.GetFieldValue<DateTimeOffset>(ordinal);

        public DateTimeOffset? NullableInstant(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Instant(reader, ordinal);

        public static Shape Of(AppDbContext context)
        {
            var sql = context.GetService<ISqlGenerationHelper>();
            var model = context.Model;
            var sessions = model.FindEntityType(typeof(Session))!;
            var users = model.FindEntityType(typeof(ApplicationUser))!;
            var tenants = model.FindEntityType(typeof(Tenant))!;
            var userRoles = model.FindEntityType(typeof(IdentityUserRole<Guid>))!;
            var roles = model.FindEntityType(typeof(IdentityRole<Guid>))!;

            string Table(IEntityType type) => sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema());
            string Column(string alias, IEntityType type, string property)
            {
                var store = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
                return alias + "." + sql.DelimitIdentifier(type.FindProperty(property)!.GetColumnName(store)!);
            }

            var id = sql.GenerateParameterNamePlaceholder("id");
            string[] sessionColumns =
            [
                nameof(Session.Id), nameof(Session.TokenHash), nameof(Session.TenantId), nameof(Session.UserId), nameof(Session.CreatedAt),
                nameof(Session.AuthenticatedAt), nameof(Session.UpdatedAt), nameof(Session.LastSeenAt), nameof(Session.ExpiresAt),
                nameof(Session.AbsoluteExpiresAt), nameof(Session.IpAddress), nameof(Session.UserAgent), nameof(Session.IsPersistent),
                nameof(Session.RevokedAt), nameof(Session.RevokeReason),
            ];
            string[] userColumns = [nameof(ApplicationUser.Email), nameof(ApplicationUser.DisplayName), nameof(ApplicationUser.LockoutEnd)];
            string[] tenantColumns =
                [nameof(Tenant.Slug), nameof(Tenant.Name), nameof(Tenant.Status), nameof(Tenant.SuspensionReason), nameof(Tenant.Version), nameof(Tenant.SessionsNotBefore)];
            var select = string.Join(", ", sessionColumns.Select(c => Column("s", sessions, c))
                .Concat(userColumns.Select(c => Column("u", users, c)))
                .Concat(tenantColumns.Select(c => Column("t", tenants, c))));
            var text =
                $"SELECT {select} FROM {Table(sessions)} AS s " +
                $"INNER JOIN {Table(users)} AS u ON {Column("u", users, nameof(ApplicationUser.Id))} = {Column("s", sessions, nameof(Session.UserId))} " +
                $"LEFT JOIN {Table(tenants)} AS t ON {Column("t", tenants, nameof(Tenant.Id))} = {Column("s", sessions, nameof(Session.TenantId))} " +
                $"WHERE {Column("s", sessions, nameof(Session.Id))} = {id};\n" +
                $"SELECT {Column("r", roles, nameof(IdentityRole<Guid>.Name))} FROM {Table(userRoles)} AS ur " +
                $"INNER JOIN {Table(roles)} AS r ON {Column("r", roles, nameof(IdentityRole<Guid>.Id))} = {Column("ur", userRoles, nameof(IdentityUserRole<Guid>.RoleId))} " +
                $"WHERE {Column("ur", userRoles, nameof(IdentityUserRole<Guid>.UserId))} = " +
                $"(SELECT {Column("s", sessions, nameof(Session.UserId))} FROM {Table(sessions)} AS s WHERE {Column("s", sessions, nameof(Session.Id))} = {id})";

            return new Shape
            {
                Sql = text,
                IdParameter = sql.GenerateParameterName("id"),
                IdMapping = (RelationalTypeMapping)sessions.FindProperty(nameof(Session.Id))!.GetTypeMapping(),
                InstantsAsTicks = sessions.FindProperty(nameof(Session.CreatedAt))!.GetTypeMapping().Converter is DateTimeOffsetToUtcTicksConverter,
            };
        }
    }
}
