namespace TenantSessions.Web.Infrastructure;

public static class ApiRequests
{
    /// <summary>JSON API requests get ProblemDetails; everything else is a page.</summary>
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");
}
