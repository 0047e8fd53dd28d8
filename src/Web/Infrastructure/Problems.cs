using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Common.Exceptions;

namespace TenantSessions.Web.Infrastructure;

/// <summary>ProblemDetails with a stable machine-readable <c>code</c> extension.</summary>
public static class Problems
{
    public static ProblemDetails Create(int status, string code, string detail, string? title = null) => new()
    {
        Status = status,
        Title = title ?? TitleFor(status),
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    public static IResult Result(int status, string code, string detail) =>
        TypedResults.Problem(Create(status, code, detail));

    public static async Task WriteAsync(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(Create(status, code, detail), options: null, contentType: "application/problem+json");
    }

    /// <summary>The code of a problem nobody gave one (status code pages: no such route, wrong method, ...).</summary>
    public static string CodeFor(int status) => status switch
    {
        400 => ErrorCodes.BadRequest,
        401 => ErrorCodes.Unauthenticated,
        403 => ErrorCodes.Forbidden,
        404 => ErrorCodes.NotFound,
        405 => ErrorCodes.MethodNotAllowed,
        409 => ErrorCodes.Conflict,
        429 => ErrorCodes.TooManyRequests,
        503 => ErrorCodes.ServiceUnavailable,
        _ => "ERROR",
    };

    private static string TitleFor(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        422 => "Unprocessable entity",
        429 => "Too many requests",
        503 => "Service unavailable",
        _ => "Error",
    };
}
