using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using TenantSessions.Domain.Tenants;
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Endpoints;

public sealed record SignUpRequest(string? Name, string? Email, string? Password);

public sealed record SignInRequest(string? Email, string? Password, bool? RememberMe);

public sealed record TenantDto(Guid Id, string Slug, string Name, string Status);

public sealed record UserDto(Guid Id, string Email, string Name, string Role, TenantDto? Tenant);

/// <param name="ImpersonatedBy">Better Auth's admin field: the administrator acting as the person, or null.</param>
public sealed record SessionDto(Guid Id, Guid UserId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset ExpiresAt, string? IpAddress, string? UserAgent, Guid? ImpersonatedBy = null);

public sealed record GetSessionResponse(SessionDto Session, UserDto User)
{
    public static GetSessionResponse From(SessionPayload p) => new(
        new SessionDto(p.SessionId, p.UserId, p.CreatedAt, p.UpdatedAt, p.ExpiresAt, p.IpAddress, p.UserAgent, p.ImpersonatedBy),
        new UserDto(
            p.UserId,
            p.Email,
            p.Name,
            string.Join(',', p.Roles),
            p.TenantId is { } id ? new TenantDto(id, p.TenantSlug ?? "", p.TenantName ?? "", StatusName(p.TenantStatus ?? TenantStatus.Active)) : null));

    /// <summary>
    /// Writes what System.Text.Json writes for <c>From(payload)</c> under the API's options, property by property:
    /// <c>get-session</c> answers this on every cache hit, and the general serializer (metadata, boxing-free but
    /// generic, an async write into the response) was the largest single cost of a cache hit in the profile
    /// (docs/benchmarks.md). <c>GetSessionJsonTests</c> compares the two byte for byte.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, SessionPayload p)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("session"u8);
        writer.WriteString("id"u8, p.SessionId);
        writer.WriteString("userId"u8, p.UserId);
        writer.WritePropertyName("createdAt"u8);
        JavaScriptDateConverters.WriteTo(writer, p.CreatedAt);
        writer.WritePropertyName("updatedAt"u8);
        JavaScriptDateConverters.WriteTo(writer, p.UpdatedAt);
        writer.WritePropertyName("expiresAt"u8);
        JavaScriptDateConverters.WriteTo(writer, p.ExpiresAt);
        writer.WriteString("ipAddress"u8, p.IpAddress);
        writer.WriteString("userAgent"u8, p.UserAgent);
        if (p.ImpersonatedBy is { } impersonatedBy)
        {
            writer.WriteString("impersonatedBy"u8, impersonatedBy);
        }
        else
        {
            writer.WriteNull("impersonatedBy"u8);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("user"u8);
        writer.WriteString("id"u8, p.UserId);
        writer.WriteString("email"u8, p.Email);
        writer.WriteString("name"u8, p.Name);
        writer.WriteString("role"u8, p.Roles.Count == 1 ? p.Roles[0] : string.Join(',', p.Roles));
        if (p.TenantId is { } tenantId)
        {
            writer.WriteStartObject("tenant"u8);
            writer.WriteString("id"u8, tenantId);
            writer.WriteString("slug"u8, p.TenantSlug ?? "");
            writer.WriteString("name"u8, p.TenantName ?? "");
            writer.WriteString("status"u8, StatusName(p.TenantStatus ?? TenantStatus.Active));
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("tenant"u8);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The <c>get-session</c> answer for an accepted session (see <see cref="Write"/> and <see cref="JsonResult"/>).</summary>
    public static IResult Result(SessionPayload payload) => new JsonResult(payload);

    /// <summary>
    /// Writes the answer into a per-thread buffer first, so that the response carries a <c>Content-Length</c>: Kestrel
    /// then sends headers and body in one write when the request ends, where a body of unknown length went out chunked,
    /// its closing chunk in a second write (a system call per cache hit).
    /// </summary>
    private sealed class JsonResult(SessionPayload payload) : IResult
    {
        [ThreadStatic]
        private static ArrayBufferWriter<byte>? t_buffer;

        [ThreadStatic]
        private static Utf8JsonWriter? t_writer;

        public Task ExecuteAsync(HttpContext context)
        {
            var encoder = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions.Encoder;
            var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
            buffer.ResetWrittenCount();
            var writer = t_writer;
            if (writer is null || writer.Options.Encoder != encoder)
            {
                t_writer = writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder, SkipValidation = true });
            }
            else
            {
                writer.Reset(buffer);
            }

            Write(writer, payload);
            writer.Flush();
            var response = context.Response;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = buffer.WrittenCount;
            response.BodyWriter.Write(buffer.WrittenSpan);
            return Task.CompletedTask;
        }
    }

    public static string StatusName(TenantStatus status) => status switch
    {
        TenantStatus.Active => "active",
        TenantStatus.Suspended => "suspended",
        _ => status.ToString().ToLowerInvariant(),
    };
}

/// <summary>Better Auth's sign-in/sign-up shape. <c>token</c> carries the session id: the secret stays in the cookie.</summary>
public sealed record SignInResponse(bool Redirect, Guid Token, string? Url, SignedInUserDto User);

public sealed record SignedInUserDto(Guid Id, string Email, string Name, DateTimeOffset CreatedAt);

public sealed record StatusResponse(bool Status);

public sealed record SuccessResponse(bool Success);

/// <summary><c>POST /api/auth/sign-out</c>: Better Auth's <c>{success}</c>, plus the IdP's logout URL when there is one (ADR-027).</summary>
public sealed record SignOutResponse(
    bool Success,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Url,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? Redirect);
