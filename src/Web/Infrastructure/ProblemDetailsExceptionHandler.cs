using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;

namespace TenantSessions.Web.Infrastructure;

/// <summary>The one place exceptions become responses: ProblemDetails with a stable <c>code</c>.</summary>
public sealed class ProblemDetailsExceptionHandler(ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail) = exception switch
        {
            RefusalException e => (ErrorStatus.Of(e), e.Code, e.Message),
            NotFoundException e => (404, ErrorCodes.NotFound, e.Message),
            ForbiddenAccessException e => (403, ErrorCodes.Forbidden, e.Message),
            ValidationException => (400, ErrorCodes.ValidationFailed, "Some of the values you sent are not valid."),
            DbUpdateConcurrencyException => (409, ErrorCodes.Conflict, "Someone else changed this at the same time. Reload and try again."),
            BadHttpRequestException e => (e.StatusCode, ErrorCodes.BadRequest, "The request could not be read. Send a valid JSON body."),
            _ when DatabaseOutage.Is(exception) => (503, ErrorCodes.ServiceUnavailable, "The service is temporarily unavailable: its database cannot be reached. Please try again shortly."),
            _ => (500, "INTERNAL_ERROR", "Something went wrong on our side."),
        };

        if (status == 503)
        {
            logger.LogWarning("Request failed with 503, database unreachable: {Error}", exception.GetBaseException().Message);
        }
        else if (status >= 500)
        {
            logger.LogError(exception, "Request failed with {Status}", status);
        }

        var problem = Problems.Create(status, code, detail);
        if (exception is ValidationException validation)
        {
            problem.Extensions["errors"] = validation.Errors;
        }

        context.Response.StatusCode = status;
        if (status == 503)
        {
            context.Response.Headers.RetryAfter = "5";
        }
        else if (exception is RefusalException { RetryAfter: { } retryAfter })
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", cancellationToken);
        return true;
    }
}
