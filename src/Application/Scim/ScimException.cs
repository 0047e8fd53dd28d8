namespace TenantSessions.Application.Scim;

/// <summary>
/// A SCIM refusal (RFC 7644 §3.12): the HTTP status, the <c>scimType</c> where the RFC names one (<c>invalidSyntax</c>,
/// <c>invalidValue</c>, <c>invalidFilter</c>, <c>uniqueness</c>, <c>noTarget</c>, <c>invalidPath</c>, <c>mutability</c>)
/// and a detail for the directory's logs. The SCIM endpoints write it as a SCIM error body.
/// </summary>
public sealed class ScimException(int status, string? scimType, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string? ScimType { get; } = scimType;

    public static ScimException InvalidSyntax(string detail) => new(400, "invalidSyntax", detail);

    public static ScimException InvalidValue(string detail) => new(400, "invalidValue", detail);

    public static ScimException InvalidFilter(string detail) => new(400, "invalidFilter", detail);

    public static ScimException Uniqueness(string detail) => new(409, "uniqueness", detail);

    public static ScimException NotFound() => new(404, null, "There is no such user in this workspace's directory.");

    public static ScimException Unauthorized() => new(401, null, "A valid SCIM bearer token of this workspace is required.");
}
