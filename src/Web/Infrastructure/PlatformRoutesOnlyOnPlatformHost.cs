using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TenantSessions.Application.Common.Interfaces;

namespace TenantSessions.Web.Infrastructure;

/// <summary>
/// The OpenAPI document is built per request: on a workspace host it leaves out <c>/api/platform</c> (those routes do
/// not exist there), so a tenant host does not advertise the platform API; the platform host gets the whole document.
/// </summary>
public sealed class PlatformRoutesOnlyOnPlatformHost(IHttpContextAccessor http) : IOpenApiDocumentTransformer
{
    public const string PlatformPrefix = "/api/platform";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var tenant = http.HttpContext?.RequestServices.GetService<ICurrentTenant>();
        if (tenant is { IsPlatformHost: true } || document.Paths is null)
        {
            return Task.CompletedTask;
        }

        foreach (var path in document.Paths.Keys.Where(p => p.StartsWith(PlatformPrefix, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            document.Paths.Remove(path);
        }

        return Task.CompletedTask;
    }
}
