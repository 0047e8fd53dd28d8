using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Scim;
using TenantSessions.Application.Scim.Tokens;
using TenantSessions.Application.Scim.Users;

namespace TenantSessions.Web.Scim;

/// <summary>
/// SCIM 2.0 (RFC 7644), the Users resource only, on a workspace's host under <c>/scim/v2</c>. Authenticated by the
/// workspace's SCIM bearer token alone: the session scheme does not run on these paths (cookies are never read, so a
/// session cookie is not a credential here), and there is no CSRF token because there is no ambient credential.
/// Every refusal is a SCIM error body; a body that is not JSON is a 400 <c>invalidSyntax</c>, never a 500.
/// </summary>
public static partial class ScimEndpoints
{
    public const string BasePath = "/scim/v2";

    private const int MaxBodyBytes = 256 * 1024;

    public static bool IsScim(HttpRequest request) => request.Path.StartsWithSegments(BasePath, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// SCIM is authenticated by its bearer token alone: a request's cookies are dropped before the session scheme runs,
    /// so a session cookie is never a credential there (nor an audit actor), and no cookie is written back.
    /// </summary>
    public static IApplicationBuilder UseScimWithoutCookies(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (IsScim(context.Request))
        {
            context.Request.Headers.Remove("Cookie");
        }

        return next(context);
    });

    public static IEndpointRouteBuilder MapScimApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(BasePath).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription().AddEndpointFilter(Authenticate);
        group.MapGet("/ServiceProviderConfig", (HttpContext c) => ScimJson.Result(200, w => ScimJson.ServiceProviderConfig(w, BaseUrl(c))));
        group.MapGet("/ResourceTypes", (HttpContext c) => ScimJson.Result(200, w => ScimJson.ListOf(w, one => ScimJson.ResourceType(one, BaseUrl(c)))));
        group.MapGet("/ResourceTypes/User", (HttpContext c) => ScimJson.Result(200, w => ScimJson.ResourceType(w, BaseUrl(c))));
        group.MapGet("/Schemas", (HttpContext c) => ScimJson.Result(200, w => ScimJson.ListOf(w, one => ScimJson.UserSchemaDocument(one, BaseUrl(c)))));
        group.MapGet("/Schemas/" + ScimJson.UserSchema, (HttpContext c) => ScimJson.Result(200, w => ScimJson.UserSchemaDocument(w, BaseUrl(c))));
        group.MapGet("/Users", ListUsers);
        group.MapPost("/Users", CreateUser);
        group.MapGet("/Users/{id}", GetUser);
        group.MapPut("/Users/{id}", ReplaceUser);
        group.MapPatch("/Users/{id}", PatchUser);
        group.MapDelete("/Users/{id}", DeleteUser);
        group.MapFallback("{**path}", () => ScimJson.Error(404, null, "This SCIM service has the Users resource only."));
        return app;
    }

    private static async ValueTask<object?> Authenticate(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        try
        {
            var mediator = context.RequestServices.GetRequiredService<IMediator>();
            await mediator.Send(new AuthenticateScimTokenQuery(context.Request.Headers.Authorization.ToString()), context.RequestAborted);
            return await next(invocation);
        }
        catch (ScimException e)
        {
            return ScimJson.Error(e.Status, e.ScimType, e.Message);
        }
        catch (NotFoundException)
        {
            return ScimJson.Error(404, null, ScimException.NotFound().Message);
        }
        catch (DbUpdateException)
        {
            // Two writes raced for the same userName or e-mail: the unique index decided.
            return ScimJson.Error(409, "uniqueness", "Another member of this workspace has that userName or e-mail address.");
        }
    }

    private static async Task<IResult> ListUsers(HttpContext context, IMediator mediator)
    {
        var query = context.Request.Query;
        var filter = query["filter"].ToString() is { Length: > 0 } text ? ParseFilter(text) : null;
        var startIndex = Number(query["startIndex"].ToString(), 1, "startIndex");
        var count = Number(query["count"].ToString(), ScimUserHandlers.MaxCount, "count");
        var page = await mediator.Send(new ListScimUsersQuery(filter, startIndex, count), context.RequestAborted);
        var baseUrl = BaseUrl(context);
        return ScimJson.Result(200, w => ScimJson.List(w, page, baseUrl));
    }

    private static async Task<IResult> CreateUser(HttpContext context, IMediator mediator)
    {
        using var body = await BodyAsync(context);
        var user = await mediator.Send(new CreateScimUserCommand(body.RootElement), context.RequestAborted);
        return UserResult(context, user, 201);
    }

    private static async Task<IResult> GetUser(string id, HttpContext context, IMediator mediator) =>
        UserResult(context, await mediator.Send(new GetScimUserQuery(Id(id)), context.RequestAborted), 200);

    private static async Task<IResult> ReplaceUser(string id, HttpContext context, IMediator mediator)
    {
        var userId = Id(id);
        using var body = await BodyAsync(context);
        return UserResult(context, await mediator.Send(new ReplaceScimUserCommand(userId, body.RootElement), context.RequestAborted), 200);
    }

    private static async Task<IResult> PatchUser(string id, HttpContext context, IMediator mediator)
    {
        var userId = Id(id);
        using var body = await BodyAsync(context);
        return UserResult(context, await mediator.Send(new PatchScimUserCommand(userId, body.RootElement), context.RequestAborted), 200);
    }

    private static async Task<IResult> DeleteUser(string id, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new DeleteScimUserCommand(Id(id)), context.RequestAborted);
        return Results.NoContent();
    }

    private static IResult UserResult(HttpContext context, ScimUserView user, int status)
    {
        var baseUrl = BaseUrl(context);
        return ScimJson.Result(status, w => ScimJson.User(w, user, baseUrl), status == 201 ? $"{baseUrl}/Users/{user.Id}" : null);
    }

    private static string BaseUrl(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host.Value}{BasePath}";

    /// <summary>An id that is not one of ours is simply not found.</summary>
    private static Guid Id(string id) => Guid.TryParse(id, out var parsed) ? parsed : throw ScimException.NotFound();

    private static int Number(string text, int absent, string name) =>
        text.Length == 0 ? absent
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw ScimException.InvalidValue($"{name} must be an integer.");

    private static async Task<JsonDocument> BodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            throw new ScimException(413, null, $"A SCIM request body is at most {MaxBodyBytes / 1024} KB.");
        }

        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new ScimException(413, null, $"A SCIM request body is at most {MaxBodyBytes / 1024} KB.");
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            throw ScimException.InvalidSyntax("The body is not valid JSON.");
        }
    }

    /// <summary><c>attribute eq "value"</c> (RFC 7644 §3.4.2.2), the one form Okta and Entra ID send to find a user.</summary>
    internal static ScimFilter ParseFilter(string filter)
    {
        var match = FilterPattern().Match(filter);
        if (!match.Success)
        {
            throw ScimException.InvalidFilter("Only filters of the form userName eq \"value\" are supported.");
        }

        string value;
        try
        {
            value = JsonSerializer.Deserialize<string>($"\"{match.Groups["value"].Value}\"")!;
        }
        catch (JsonException)
        {
            throw ScimException.InvalidFilter("The filter's value is not a valid string.");
        }

        var attribute = match.Groups["attribute"].Value.ToLowerInvariant();
        const string Core = "urn:ietf:params:scim:schemas:core:2.0:user:";
        return new ScimFilter(attribute.StartsWith(Core, StringComparison.Ordinal) ? attribute[Core.Length..] : attribute, value);
    }

    [GeneratedRegex("""^\s*(?<attribute>[A-Za-z0-9:._-]+)\s+[eE][qQ]\s+"(?<value>(?:[^"\\]|\\.)*)"\s*$""")]
    private static partial Regex FilterPattern();
}
