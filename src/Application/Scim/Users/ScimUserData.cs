using System.Text.Json;
using TenantSessions.Application.Common.Validation;
using TenantSessions.Domain.Scim;

namespace TenantSessions.Application.Scim.Users;

/// <summary>
/// The attributes of a SCIM User (RFC 7643 §4.1) this workspace keeps: <c>userName</c>, <c>externalId</c>, <c>name</c>
/// (given, family, formatted), <c>displayName</c>, the primary e-mail and <c>active</c>. Everything else a directory sends
/// (phone numbers, titles, the enterprise extension, roles) is accepted and not stored.
/// </summary>
public sealed record ScimUserData(string UserName, string? ExternalId, string? GivenName, string? FamilyName, string? Formatted, string? DisplayName, string? Email, bool Active)
{
    private const string CoreSchema = "urn:ietf:params:scim:schemas:core:2.0:User:";

    /// <summary>The member's name here: <c>displayName</c>, else <c>name.formatted</c>, else given and family names, else the user name.</summary>
    public string MemberName
    {
        get
        {
            var joined = string.Join(' ', new[] { GivenName, FamilyName }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()));
            var name = new[] { DisplayName, Formatted, joined, UserName }.First(n => !string.IsNullOrWhiteSpace(n))!.Trim();
            return name.Length > 100 ? name[..100] : name;
        }
    }

    /// <summary>The member's e-mail address: the primary one sent, else the user name when it is an address.</summary>
    public string MemberEmail => Email ?? UserName;

    /// <summary>A resource as POST and PUT send it (the whole user). Missing <c>active</c> is true.</summary>
    public static ScimUserData FromResource(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ScimException.InvalidSyntax("The body must be a SCIM User resource (a JSON object).");
        }

        var data = new ScimUserData("", null, null, null, null, null, null, true);
        foreach (var property in root.EnumerateObject())
        {
            data = data.With(property.Name, property.Value, replace: true);
        }

        return data.Validated();
    }

    /// <summary>Applies a PATCH request's <c>Operations</c> (RFC 7644 §3.5.2) in order; the result is validated as a whole.</summary>
    public ScimUserData Patch(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw ScimException.InvalidSyntax("The body must be a SCIM PatchOp (a JSON object with Operations).");
        }

        var operations = body.EnumerateObject().Where(p => p.Name.Equals("Operations", StringComparison.OrdinalIgnoreCase)).Select(p => p.Value).FirstOrDefault();
        if (operations.ValueKind != JsonValueKind.Array || operations.GetArrayLength() == 0)
        {
            throw ScimException.InvalidSyntax("A PATCH needs a non-empty Operations array.");
        }

        var data = this;
        foreach (var operation in operations.EnumerateArray())
        {
            data = data.Apply(operation);
        }

        return data.Validated();
    }

    private ScimUserData Apply(JsonElement operation)
    {
        if (operation.ValueKind != JsonValueKind.Object)
        {
            throw ScimException.InvalidSyntax("Each operation must be a JSON object with op, path and value.");
        }

        string? op = null, path = null;
        JsonElement? value = null;
        foreach (var property in operation.EnumerateObject())
        {
            switch (property.Name.ToLowerInvariant())
            {
                case "op":
                    op = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()!.ToLowerInvariant() : throw ScimException.InvalidSyntax("op must be add, replace or remove.");
                    break;
                case "path":
                    path = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : throw ScimException.InvalidSyntax("path must be a string.");
                    break;
                case "value":
                    value = property.Value;
                    break;
            }
        }

        switch (op)
        {
            case "add" or "replace" when string.IsNullOrEmpty(path):
                if (value is not { ValueKind: JsonValueKind.Object } attributes)
                {
                    throw ScimException.InvalidValue($"An {op} without a path needs an object of attributes as its value.");
                }

                var data = this;
                foreach (var property in attributes.EnumerateObject())
                {
                    data = data.With(property.Name, property.Value, replace: op == "replace");
                }

                return data;
            case "add" or "replace":
                return value is { } v ? With(path!, v, replace: op == "replace") : throw ScimException.InvalidValue($"The {op} of {path} has no value.");
            case "remove" when string.IsNullOrEmpty(path):
                throw new ScimException(400, "noTarget", "A remove needs a path.");
            case "remove":
                return With(path!, default, replace: true);
            default:
                throw ScimException.InvalidSyntax("op must be add, replace or remove.");
        }
    }

    /// <summary>One attribute set (or removed, when <paramref name="value"/> is undefined) by its path, with or without the core schema's URN.</summary>
    private ScimUserData With(string path, JsonElement value, bool replace)
    {
        var key = path.StartsWith(CoreSchema, StringComparison.OrdinalIgnoreCase) ? path[CoreSchema.Length..] : path;
        key = key.ToLowerInvariant();
        switch (key)
        {
            case "username":
                return this with { UserName = Text(value, path) ?? throw new ScimException(400, "mutability", "userName cannot be removed.") };
            case "externalid":
                return this with { ExternalId = Text(value, path) };
            case "displayname":
                return this with { DisplayName = Text(value, path) };
            case "active":
                return this with { Active = Boolean(value, path) };
            case "name.givenname":
                return this with { GivenName = Text(value, path) };
            case "name.familyname":
                return this with { FamilyName = Text(value, path) };
            case "name.formatted":
                return this with { Formatted = Text(value, path) };
            case "name":
                if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
                {
                    return this with { GivenName = null, FamilyName = null, Formatted = null };
                }

                if (value.ValueKind != JsonValueKind.Object)
                {
                    throw ScimException.InvalidValue("name must be an object.");
                }

                var named = replace ? this with { GivenName = null, FamilyName = null, Formatted = null } : this;
                foreach (var part in value.EnumerateObject())
                {
                    named = named.With("name." + part.Name, part.Value, replace);
                }

                return named;
            case "emails":
                return this with { Email = PrimaryEmail(value) };
            default:
                // emails[type eq "work"].value (Entra ID) and emails[primary eq true].value: the address itself.
                if (key.StartsWith("emails[", StringComparison.Ordinal) && key.EndsWith("].value", StringComparison.Ordinal))
                {
                    return this with { Email = Text(value, path) };
                }

                if (key.Length == 0 || key.Count(c => c == '[') != key.Count(c => c == ']'))
                {
                    throw new ScimException(400, "invalidPath", $"{path} is not a valid attribute path.");
                }

                return this;
        }
    }

    private ScimUserData Validated()
    {
        var userName = UserName.Trim();
        if (userName.Length is 0 or > DirectoryUser.UserNameMaxLength)
        {
            throw ScimException.InvalidValue($"userName is required (at most {DirectoryUser.UserNameMaxLength} characters).");
        }

        var email = Email?.Trim();
        if (email is not null && !EmailAddresses.IsValid(email))
        {
            throw ScimException.InvalidValue("The primary e-mail address is not a valid address.");
        }

        if (email is null && !EmailAddresses.IsValid(userName))
        {
            throw ScimException.InvalidValue("A member needs an e-mail address: send emails, or a userName that is an address.");
        }

        if (ExternalId is { Length: > 256 } || GivenName is { Length: > 100 } || FamilyName is { Length: > 100 } || Formatted is { Length: > 256 } || DisplayName is { Length: > 256 })
        {
            throw ScimException.InvalidValue("An attribute is too long (externalId and the names: at most 256 characters; given and family name: 100).");
        }

        return this with { UserName = userName, Email = email };
    }

    private static string? Text(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
        _ => throw ScimException.InvalidValue($"{path} must be a string."),
    };

    /// <summary>A boolean, or Entra ID's "True" / "False" strings.</summary>
    private static bool Boolean(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
        _ => throw ScimException.InvalidValue($"{path} must be true or false."),
    };

    /// <summary>The address of the entry marked primary, else of the "work" one, else the first.</summary>
    private static string? PrimaryEmail(JsonElement emails)
    {
        if (emails.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (emails.ValueKind != JsonValueKind.Array || emails.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Object))
        {
            throw ScimException.InvalidValue("emails must be an array of objects with a value.");
        }

        var entries = emails.EnumerateArray().Select(e => new
        {
            Value = e.TryGetProperty("value", out var v) ? Text(v, "emails.value") : null,
            Type = e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null,
            Primary = e.TryGetProperty("primary", out var p) && p.ValueKind is JsonValueKind.True or JsonValueKind.String && Boolean(p, "emails.primary"),
        }).Where(e => e.Value is not null).ToList();
        return (entries.FirstOrDefault(e => e.Primary) ?? entries.FirstOrDefault(e => string.Equals(e.Type, "work", StringComparison.OrdinalIgnoreCase)) ?? entries.FirstOrDefault())?.Value;
    }
}
