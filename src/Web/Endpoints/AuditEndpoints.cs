using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Audit;
using TenantSessions.Application.Audit.Commands.UpdateAuditRetention;
using TenantSessions.Application.Audit.Queries.ExportAuditEvents;
using TenantSessions.Application.Audit.Queries.ListAuditEvents;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Endpoints;

/// <summary>
/// The audit log under <c>/api/auth/admin/audit-events</c>: a tenant admin reads and exports their workspace's events
/// on its host; a superadmin reads the whole platform's on the platform host (the messages carry the host scope, so
/// each reaches only its own kind of host). The retention setting is the workspace's.
/// </summary>
public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/admin").WithTags("Audit log")
            .AddEndpointFilter<OriginCheckFilter>()
            .RequireAuthorization(policy => policy.RequireRole(Roles.TenantAdmin, Roles.PlatformSuperadmin));

        group.MapGet("/audit-events", ListEvents);
        group.MapGet("/audit-events/export", Export);
        group.MapGet("/audit-retention", GetRetention);
        group.MapPut("/audit-retention", UpdateRetention);
        return group;
    }

    /// <summary>
    /// Newest first, <c>limit</c> (1–200, default 50) at a time; <c>nextCursor</c> reads the next page. Filters:
    /// <c>actor</c>, <c>target</c> (user ids), <c>action</c>, <c>from</c>/<c>to</c> (ISO 8601), <c>ip</c>, <c>country</c>
    /// (two letters) and, for a superadmin, <c>tenantId</c>.
    /// </summary>
    private static async Task<Ok<AuditEventsResponse>> ListEvents(HttpContext context, IMediator mediator, ICurrentTenant tenant)
    {
        var query = context.Request.Query;
        var filter = FilterFrom(query, tenant);
        var cursor = One(query, "cursor");
        var limit = RequestValues.WholeNumber(query, "limit") ?? 50;
        var page = tenant.IsPlatformHost
            ? await mediator.Send(new ListPlatformAuditEventsQuery(filter, cursor, limit), context.RequestAborted)
            : await mediator.Send(new ListAuditEventsQuery(filter, cursor, limit), context.RequestAborted);
        return TypedResults.Ok(new AuditEventsResponse(page.Events.Select(AuditEventDto.From).ToArray(), page.NextCursor));
    }

    /// <summary><c>format=csv|jsonl</c> and <c>from</c>/<c>to</c>: the range oldest first, written as it is read.</summary>
    private static async Task<IResult> Export(HttpContext context, IMediator mediator, ICurrentTenant tenant, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var query = context.Request.Query;
        var format = One(query, "format") ?? "csv";
        if (format is not ("csv" or "jsonl"))
        {
            throw new ValidationException("format", "format is csv or jsonl.");
        }

        var from = Instant(query, "from");
        var to = Instant(query, "to");
        var export = tenant.IsPlatformHost
            ? await mediator.Send(new ExportPlatformAuditEventsQuery(from, to, Id(query, "tenantId")), context.RequestAborted)
            : await mediator.Send(new ExportAuditEventsQuery(from, to), context.RequestAborted);
        var name = $"audit-{tenant.Tenant?.Slug ?? "platform"}.{format}";
        return format == "csv"
            ? TypedResults.Stream(body => AuditExportWriter.CsvAsync(export.Events, body, context.RequestAborted), "text/csv; charset=utf-8", name)
            : TypedResults.Stream(body => AuditExportWriter.JsonLinesAsync(export.Events, body, json.Value.SerializerOptions, context.RequestAborted), "application/jsonl; charset=utf-8", name);
    }

    private static async Task<Ok<AuditRetentionResponse>> GetRetention(HttpContext context, IMediator mediator) =>
        TypedResults.Ok(AuditRetentionResponse.From(await mediator.Send(new GetAuditRetentionQuery(), context.RequestAborted)));

    /// <summary><c>{"retention": seconds}</c>; null or absent = the platform default.</summary>
    private static async Task<Ok<AuditRetentionResponse>> UpdateRetention(AuditRetentionRequest request, HttpContext context, IMediator mediator) =>
        TypedResults.Ok(AuditRetentionResponse.From(
            await mediator.Send(new UpdateAuditRetentionCommand(RequestValues.Seconds(request.Retention, "retention")), context.RequestAborted)));

    internal static AuditEventFilter FilterFrom(IQueryCollection query, ICurrentTenant tenant) => new(
        Id(query, "actor"),
        Id(query, "target"),
        One(query, "action"),
        Instant(query, "from"),
        Instant(query, "to"),
        One(query, "ip"),
        One(query, "country"),
        tenant.IsPlatformHost ? Id(query, "tenantId") : null);

    private static string? One(IQueryCollection query, string name) => RequestValues.Single(query, name);

    private static Guid? Id(IQueryCollection query, string name) => RequestValues.OptionalId(One(query, name), name);

    private static DateTimeOffset? Instant(IQueryCollection query, string name) =>
        One(query, name) is { } text
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                ? at
                : throw new ValidationException(name, $"{name} is not a date and time (ISO 8601, such as 2026-12-01T00:00:00Z).")
            : null;
}

/// <summary>Writes an export as it reads it: CSV (RFC 4180, by CsvHelper, cells that a spreadsheet would run as a formula escaped) or JSON Lines.</summary>
internal static class AuditExportWriter
{
    private const int FlushEvery = 500;

    private static readonly string[] CsvColumns =
        ["at", "action", "tenant", "actorId", "actorEmail", "targetId", "targetEmail", "sessionId", "detail", "ipAddress", "countryCode", "id"];

    /// <summary>
    /// CsvHelper writes synchronously, and the response body takes only asynchronous writes: it writes into a chunk in
    /// memory, which goes out every <see cref="FlushEvery"/> rows and is then reused.
    /// </summary>
    public static async Task CsvAsync(IAsyncEnumerable<AuditEventView> events, Stream body, CancellationToken cancellationToken)
    {
        using var chunk = new MemoryStream();
        await using var csv = CsvWriter.Create(chunk, new CsvWriterOptions { Injection = CsvInjection.Escape, NewLine = "\r\n" }, leaveOpen: true);
        csv.WriteHeader(CsvColumns);
        var count = 0;
        await foreach (var e in events.WithCancellation(cancellationToken))
        {
            csv.WriteField(e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            csv.WriteField(e.Action);
            csv.WriteField(e.TenantSlug ?? "");
            csv.WriteField(e.ActorUserId?.ToString() ?? "");
            csv.WriteField(e.ActorEmail ?? "");
            csv.WriteField(e.TargetUserId?.ToString() ?? "");
            csv.WriteField(e.TargetEmail ?? "");
            csv.WriteField(e.SessionId?.ToString() ?? "");
            csv.WriteField(e.Detail ?? "");
            csv.WriteField(e.IpAddress ?? "");
            csv.WriteField(e.CountryCode ?? "");
            csv.WriteField(e.Id.ToString());
            csv.EndRecord();
            if (++count % FlushEvery == 0)
            {
                await SendAsync(csv, chunk, body, cancellationToken);
            }
        }

        await SendAsync(csv, chunk, body, cancellationToken);
    }

    public static async Task JsonLinesAsync(IAsyncEnumerable<AuditEventView> events, Stream body, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        await using var json = new Utf8JsonWriter(buffer);
        var count = 0;
        await foreach (var e in events.WithCancellation(cancellationToken))
        {
            JsonSerializer.Serialize(json, AuditEventDto.From(e), options);
            json.Flush();
            buffer.Write("\n"u8);
            json.Reset(buffer);
            if (++count % FlushEvery == 0)
            {
                await body.WriteAsync(buffer.WrittenMemory, cancellationToken);
                await body.FlushAsync(cancellationToken);
                buffer.ResetWrittenCount();
            }
        }

        await body.WriteAsync(buffer.WrittenMemory, cancellationToken);
    }

    private static async Task SendAsync(CsvWriter csv, MemoryStream chunk, Stream body, CancellationToken cancellationToken)
    {
        csv.Flush();
        await body.WriteAsync(chunk.GetBuffer().AsMemory(0, (int)chunk.Length), cancellationToken);
        await body.FlushAsync(cancellationToken);
        chunk.SetLength(0);
    }
}

public sealed record AuditEventsResponse(IReadOnlyList<AuditEventDto> Events, string? NextCursor);

public sealed record AuditPersonDto(Guid Id, string? Name, string? Email);

/// <summary>One event in the API and in JSON Lines; <c>actor</c>/<c>target</c> are null when no person of this scope is named.</summary>
public sealed record AuditEventDto(
    Guid Id, DateTimeOffset At, string Action, string Label, Guid? TenantId, string? Tenant, AuditPersonDto? Actor, AuditPersonDto? Target,
    Guid? SessionId, string? Detail, string? IpAddress, string? CountryCode)
{
    public static AuditEventDto From(AuditEventView e) => new(
        e.Id, e.At, e.Action, AuditCatalog.Label(e.Action), e.TenantId, e.TenantSlug,
        e.ActorUserId is { } actor ? new AuditPersonDto(actor, e.ActorName, e.ActorEmail) : null,
        e.TargetUserId is { } target ? new AuditPersonDto(target, e.TargetName, e.TargetEmail) : null,
        e.SessionId, e.Detail, e.IpAddress, e.CountryCode);
}

public sealed record AuditRetentionRequest(long? Retention);

/// <summary>Seconds: the workspace's choice (null = default), the platform default and maximum, and what applies.</summary>
public sealed record AuditRetentionResponse(long? Retention, long Default, long Maximum, long Effective)
{
    public static AuditRetentionResponse From(AuditRetentionView view) => new(
        RequestValues.Seconds(view.Workspace), (long)view.Default.TotalSeconds, (long)view.Maximum.TotalSeconds, (long)view.Effective.TotalSeconds);
}
