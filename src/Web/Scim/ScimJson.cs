using System.Text.Json;
using TenantSessions.Application.Scim.Users;

namespace TenantSessions.Web.Scim;

/// <summary>The SCIM documents this service writes (RFC 7643, RFC 7644), as <c>application/scim+json</c>.</summary>
public static class ScimJson
{
    public const string ContentType = "application/scim+json";
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";
    public const string ListSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public const string ServiceProviderConfigSchema = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    public const string ResourceTypeSchema = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    public const string SchemaSchema = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    public static IResult Result(int status, Action<Utf8JsonWriter> write, string? location = null) => new ScimResult(status, write, location);

    public static IResult Error(int status, string? scimType, string detail) => Result(status, w =>
    {
        w.WriteStartObject();
        Schemas(w, ErrorSchema);
        w.WriteString("status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (scimType is not null)
        {
            w.WriteString("scimType", scimType);
        }

        w.WriteString("detail", detail);
        w.WriteEndObject();
    });

    public static void User(Utf8JsonWriter w, ScimUserView user, string baseUrl)
    {
        w.WriteStartObject();
        Schemas(w, UserSchema);
        w.WriteString("id", user.Id.ToString());
        if (user.ExternalId is not null)
        {
            w.WriteString("externalId", user.ExternalId);
        }

        w.WriteString("userName", user.UserName);
        w.WriteStartObject("name");
        w.WriteString("formatted", user.DisplayName);
        if (user.GivenName is not null)
        {
            w.WriteString("givenName", user.GivenName);
        }

        if (user.FamilyName is not null)
        {
            w.WriteString("familyName", user.FamilyName);
        }

        w.WriteEndObject();
        w.WriteString("displayName", user.DisplayName);
        w.WriteStartArray("emails");
        w.WriteStartObject();
        w.WriteString("value", user.Email);
        w.WriteString("type", "work");
        w.WriteBoolean("primary", true);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteBoolean("active", user.Active);
        w.WriteStartObject("meta");
        w.WriteString("resourceType", "User");
        w.WriteString("created", user.Created.UtcDateTime);
        w.WriteString("lastModified", user.LastModified.UtcDateTime);
        w.WriteString("location", $"{baseUrl}/Users/{user.Id}");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void List(Utf8JsonWriter w, ScimUserPage page, string baseUrl)
    {
        w.WriteStartObject();
        Schemas(w, ListSchema);
        w.WriteNumber("totalResults", page.TotalResults);
        w.WriteNumber("startIndex", page.StartIndex);
        w.WriteNumber("itemsPerPage", page.Resources.Count);
        w.WriteStartArray("Resources");
        foreach (var user in page.Resources)
        {
            User(w, user, baseUrl);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void ServiceProviderConfig(Utf8JsonWriter w, string baseUrl)
    {
        w.WriteStartObject();
        Schemas(w, ServiceProviderConfigSchema);
        w.WriteString("documentationUri", "https://datatracker.ietf.org/doc/html/rfc7644");
        Supported(w, "patch", true);
        w.WriteStartObject("bulk");
        w.WriteBoolean("supported", false);
        w.WriteNumber("maxOperations", 0);
        w.WriteNumber("maxPayloadSize", 0);
        w.WriteEndObject();
        w.WriteStartObject("filter");
        w.WriteBoolean("supported", true);
        w.WriteNumber("maxResults", ScimUserHandlers.MaxCount);
        w.WriteEndObject();
        Supported(w, "changePassword", false);
        Supported(w, "sort", false);
        Supported(w, "etag", false);
        w.WriteStartArray("authenticationSchemes");
        w.WriteStartObject();
        w.WriteString("type", "oauthbearertoken");
        w.WriteString("name", "Bearer token");
        w.WriteString("description", "A SCIM token the workspace's administrator created on the Directory (SCIM) page.");
        w.WriteBoolean("primary", true);
        w.WriteEndObject();
        w.WriteEndArray();
        Meta(w, "ServiceProviderConfig", $"{baseUrl}/ServiceProviderConfig");
        w.WriteEndObject();
    }

    public static void ResourceType(Utf8JsonWriter w, string baseUrl)
    {
        w.WriteStartObject();
        Schemas(w, ResourceTypeSchema);
        w.WriteString("id", "User");
        w.WriteString("name", "User");
        w.WriteString("endpoint", "/Users");
        w.WriteString("description", "A member of the workspace");
        w.WriteString("schema", UserSchema);
        Meta(w, "ResourceType", $"{baseUrl}/ResourceTypes/User");
        w.WriteEndObject();
    }

    public static void UserSchemaDocument(Utf8JsonWriter w, string baseUrl)
    {
        w.WriteStartObject();
        Schemas(w, SchemaSchema);
        w.WriteString("id", UserSchema);
        w.WriteString("name", "User");
        w.WriteString("description", "A member of the workspace");
        w.WriteStartArray("attributes");
        Attribute(w, "userName", "string", required: true, uniqueness: "server");
        Attribute(w, "externalId", "string", caseExact: true);
        w.WriteStartObject();
        w.WriteString("name", "name");
        w.WriteString("type", "complex");
        w.WriteBoolean("multiValued", false);
        w.WriteBoolean("required", false);
        w.WriteString("mutability", "readWrite");
        w.WriteString("returned", "default");
        w.WriteStartArray("subAttributes");
        Attribute(w, "formatted", "string");
        Attribute(w, "givenName", "string");
        Attribute(w, "familyName", "string");
        w.WriteEndArray();
        w.WriteEndObject();
        Attribute(w, "displayName", "string");
        w.WriteStartObject();
        w.WriteString("name", "emails");
        w.WriteString("type", "complex");
        w.WriteBoolean("multiValued", true);
        w.WriteBoolean("required", false);
        w.WriteString("mutability", "readWrite");
        w.WriteString("returned", "default");
        w.WriteStartArray("subAttributes");
        Attribute(w, "value", "string");
        Attribute(w, "type", "string");
        Attribute(w, "primary", "boolean");
        w.WriteEndArray();
        w.WriteEndObject();
        Attribute(w, "active", "boolean");
        w.WriteEndArray();
        Meta(w, "Schema", $"{baseUrl}/Schemas/{UserSchema}");
        w.WriteEndObject();
    }

    public static void ListOf(Utf8JsonWriter w, Action<Utf8JsonWriter> one)
    {
        w.WriteStartObject();
        Schemas(w, ListSchema);
        w.WriteNumber("totalResults", 1);
        w.WriteNumber("startIndex", 1);
        w.WriteNumber("itemsPerPage", 1);
        w.WriteStartArray("Resources");
        one(w);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Attribute(Utf8JsonWriter w, string name, string type, bool required = false, bool caseExact = false, string uniqueness = "none")
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("type", type);
        w.WriteBoolean("multiValued", false);
        w.WriteBoolean("required", required);
        w.WriteBoolean("caseExact", caseExact);
        w.WriteString("mutability", "readWrite");
        w.WriteString("returned", "default");
        w.WriteString("uniqueness", uniqueness);
        w.WriteEndObject();
    }

    private static void Supported(Utf8JsonWriter w, string name, bool supported)
    {
        w.WriteStartObject(name);
        w.WriteBoolean("supported", supported);
        w.WriteEndObject();
    }

    private static void Meta(Utf8JsonWriter w, string resourceType, string location)
    {
        w.WriteStartObject("meta");
        w.WriteString("resourceType", resourceType);
        w.WriteString("location", location);
        w.WriteEndObject();
    }

    private static void Schemas(Utf8JsonWriter w, string schema)
    {
        w.WriteStartArray("schemas");
        w.WriteStringValue(schema);
        w.WriteEndArray();
    }

    private sealed class ScimResult(int status, Action<Utf8JsonWriter> write, string? location) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                write(writer);
            }

            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = ContentType;
            response.ContentLength = buffer.WrittenCount;
            if (location is not null)
            {
                response.Headers.Location = location;
            }

            if (status == StatusCodes.Status401Unauthorized)
            {
                response.Headers.WWWAuthenticate = "Bearer realm=\"scim\"";
            }

            await response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted);
        }
    }
}
