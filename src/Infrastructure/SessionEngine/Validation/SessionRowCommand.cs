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

namespace TenantSessions.Infrastructure.SessionEngine.Validation;

/// <summary>What the database path reads for a presented session: the row, its user, roles and tenant.</summary>
internal sealed record SessionRow(
    Guid Id, byte[] TokenHash, Guid? TenantId, Guid UserId, DateTimeOffset CreatedAt, DateTimeOffset AuthenticatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, DateTimeOffset AbsoluteExpiresAt, string? IpAddress, string? UserAgent,
    bool IsPersistent, DateTimeOffset? RevokedAt, string? RevokeReason, string Email, string DisplayName, DateTimeOffset? LockoutEnd,
    IReadOnlyList<string> Roles, string? TenantSlug, string? TenantName, TenantStatus? TenantStatus, int TenantVersion,
    DateTimeOffset? TenantSessionsNotBefore, Guid? ImpersonatedBy = null, byte[]? RetiredTokenHash = null, DateTimeOffset? TokenRotatedAt = null);

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
            var id = reader.GetGuid((int)Column.Id);
            var tokenHash = reader.GetFieldValue<byte[]>((int)Column.TokenHash);
            Guid? tenantId = reader.IsDBNull((int)Column.TenantId) ? null : reader.GetGuid((int)Column.TenantId);
            var userId = reader.GetGuid((int)Column.UserId);
            var createdAt = s.Instant(reader, Column.CreatedAt);
            var authenticatedAt = s.Instant(reader, Column.AuthenticatedAt);
            var updatedAt = s.Instant(reader, Column.UpdatedAt);
            var lastSeenAt = s.Instant(reader, Column.LastSeenAt);
            var expiresAt = s.Instant(reader, Column.ExpiresAt);
            var absoluteExpiresAt = s.Instant(reader, Column.AbsoluteExpiresAt);
            var ipAddress = NullableString(reader, Column.IpAddress);
            var userAgent = NullableString(reader, Column.UserAgent);
            var isPersistent = reader.GetBoolean((int)Column.IsPersistent);
            var revokedAt = s.NullableInstant(reader, Column.RevokedAt);
            var revokeReason = NullableString(reader, Column.RevokeReason);
            var email = NullableString(reader, Column.Email) ?? "";
            var displayName = reader.GetString((int)Column.DisplayName);
            var lockoutEnd = s.NullableInstant(reader, Column.LockoutEnd);
            var tenantSlug = NullableString(reader, Column.TenantSlug);
            var tenantName = NullableString(reader, Column.TenantName);
            TenantStatus? tenantStatus = reader.IsDBNull((int)Column.TenantStatus) ? null : (TenantStatus)reader.GetInt32((int)Column.TenantStatus);
            var tenantVersion = reader.IsDBNull((int)Column.TenantVersion) ? 0 : reader.GetInt32((int)Column.TenantVersion);
            var sessionsNotBefore = s.NullableInstant(reader, Column.TenantSessionsNotBefore);
            Guid? impersonatedBy = reader.IsDBNull((int)Column.ImpersonatedBy) ? null : reader.GetGuid((int)Column.ImpersonatedBy);
            var retiredTokenHash = reader.IsDBNull((int)Column.RetiredTokenHash) ? null : reader.GetFieldValue<byte[]>((int)Column.RetiredTokenHash);
            var tokenRotatedAt = s.NullableInstant(reader, Column.TokenRotatedAt);

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
                isPersistent, revokedAt, revokeReason, email, displayName, lockoutEnd, roles, tenantSlug, tenantName, tenantStatus,
                tenantVersion, sessionsNotBefore, impersonatedBy, retiredTokenHash, tokenRotatedAt);
        }
    }

    public void Dispose() => _command.Dispose();

    private static string? NullableString(DbDataReader reader, Column column) => reader.IsDBNull((int)column) ? null : reader.GetString((int)column);

    /// <summary>
    /// The first statement's columns, in the order they are selected: <see cref="Shape.Of"/> builds the SELECT list from
    /// <see cref="Shape.Selected"/>, whose entries are checked against this order once per model, so a column read by
    /// its name here is always the column the SQL put there.
    /// </summary>
    private enum Column
    {
        Id, TokenHash, TenantId, UserId, CreatedAt, AuthenticatedAt, UpdatedAt, LastSeenAt, ExpiresAt, AbsoluteExpiresAt, IpAddress, UserAgent,
        IsPersistent, RevokedAt, RevokeReason, Email, DisplayName, LockoutEnd, TenantSlug, TenantName, TenantStatus, TenantVersion,
        TenantSessionsNotBefore, ImpersonatedBy, RetiredTokenHash, TokenRotatedAt,
    }

    /// <summary>The SQL of one context type (one provider's model), and how its columns are read.</summary>
    private sealed class Shape
    {
        public required string Sql { get; init; }

        public required string IdParameter { get; init; }

        public required RelationalTypeMapping IdMapping { get; init; }

        /// <summary>True when the model stores instants as UTC ticks (SQLite), false when the provider has an instant type.</summary>
        public required bool InstantsAsTicks { get; init; }

        public DateTimeOffset Instant(DbDataReader reader, Column column) =>
            InstantsAsTicks ? new DateTimeOffset(reader.GetInt64((int)column), TimeSpan.Zero) : reader.GetFieldValue<DateTimeOffset>((int)column);

        public DateTimeOffset? NullableInstant(DbDataReader reader, Column column) => reader.IsDBNull((int)column) ? null : Instant(reader, column);

        /// <summary>Each selected column: where it is read (<see cref="Column"/>), the table alias and the entity's property.</summary>
        public static readonly (Column Column, string Alias, Type Entity, string Property)[] Selected =
        [
            (Column.Id, "s", typeof(Session), nameof(Session.Id)),
            (Column.TokenHash, "s", typeof(Session), nameof(Session.TokenHash)),
            (Column.TenantId, "s", typeof(Session), nameof(Session.TenantId)),
            (Column.UserId, "s", typeof(Session), nameof(Session.UserId)),
            (Column.CreatedAt, "s", typeof(Session), nameof(Session.CreatedAt)),
            (Column.AuthenticatedAt, "s", typeof(Session), nameof(Session.AuthenticatedAt)),
            (Column.UpdatedAt, "s", typeof(Session), nameof(Session.UpdatedAt)),
            (Column.LastSeenAt, "s", typeof(Session), nameof(Session.LastSeenAt)),
            (Column.ExpiresAt, "s", typeof(Session), nameof(Session.ExpiresAt)),
            (Column.AbsoluteExpiresAt, "s", typeof(Session), nameof(Session.AbsoluteExpiresAt)),
            (Column.IpAddress, "s", typeof(Session), nameof(Session.IpAddress)),
            (Column.UserAgent, "s", typeof(Session), nameof(Session.UserAgent)),
            (Column.IsPersistent, "s", typeof(Session), nameof(Session.IsPersistent)),
            (Column.RevokedAt, "s", typeof(Session), nameof(Session.RevokedAt)),
            (Column.RevokeReason, "s", typeof(Session), nameof(Session.RevokeReason)),
            (Column.Email, "u", typeof(ApplicationUser), nameof(ApplicationUser.Email)),
            (Column.DisplayName, "u", typeof(ApplicationUser), nameof(ApplicationUser.DisplayName)),
            (Column.LockoutEnd, "u", typeof(ApplicationUser), nameof(ApplicationUser.LockoutEnd)),
            (Column.TenantSlug, "t", typeof(Tenant), nameof(Tenant.Slug)),
            (Column.TenantName, "t", typeof(Tenant), nameof(Tenant.Name)),
            (Column.TenantStatus, "t", typeof(Tenant), nameof(Tenant.Status)),
            (Column.TenantVersion, "t", typeof(Tenant), nameof(Tenant.Version)),
            (Column.TenantSessionsNotBefore, "t", typeof(Tenant), nameof(Tenant.SessionsNotBefore)),
            (Column.ImpersonatedBy, "s", typeof(Session), nameof(Session.ImpersonatedBy)),
            (Column.RetiredTokenHash, "s", typeof(Session), nameof(Session.RetiredTokenHash)),
            (Column.TokenRotatedAt, "s", typeof(Session), nameof(Session.TokenRotatedAt)),
        ];

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
            string ColumnName(string alias, IEntityType type, string property)
            {
                var store = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
                return alias + "." + sql.DelimitIdentifier(type.FindProperty(property)!.GetColumnName(store)!);
            }

            var id = sql.GenerateParameterNamePlaceholder("id");
            for (var i = 0; i < Selected.Length; i++)
            {
                if ((int)Selected[i].Column != i)
                {
                    throw new InvalidOperationException($"Column {Selected[i].Column} is selected at position {i}.");
                }
            }

            var select = string.Join(", ", Selected.Select(c => ColumnName(c.Alias, model.FindEntityType(c.Entity)!, c.Property)));
            var text =
                $"SELECT {select} FROM {Table(sessions)} AS s " +
                $"INNER JOIN {Table(users)} AS u ON {ColumnName("u", users, nameof(ApplicationUser.Id))} = {ColumnName("s", sessions, nameof(Session.UserId))} " +
                $"LEFT JOIN {Table(tenants)} AS t ON {ColumnName("t", tenants, nameof(Tenant.Id))} = {ColumnName("s", sessions, nameof(Session.TenantId))} " +
                $"WHERE {ColumnName("s", sessions, nameof(Session.Id))} = {id};\n" +
                $"SELECT {ColumnName("r", roles, nameof(IdentityRole<Guid>.Name))} FROM {Table(userRoles)} AS ur " +
                $"INNER JOIN {Table(roles)} AS r ON {ColumnName("r", roles, nameof(IdentityRole<Guid>.Id))} = {ColumnName("ur", userRoles, nameof(IdentityUserRole<Guid>.RoleId))} " +
                $"WHERE {ColumnName("ur", userRoles, nameof(IdentityUserRole<Guid>.UserId))} = " +
                $"(SELECT {ColumnName("s", sessions, nameof(Session.UserId))} FROM {Table(sessions)} AS s WHERE {ColumnName("s", sessions, nameof(Session.Id))} = {id})";

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
