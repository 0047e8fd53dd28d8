using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Tenancy;

namespace TenantSessions.Web.Infrastructure;

/// <summary>
/// Who reads the app's own diagnostics (the OpenAPI document, the checks behind <c>/health/ready</c>): anyone when
/// <c>Management:PublicDiagnostics</c> is on (its default in Development only), otherwise a signed-in superadmin on the
/// platform host. Everyone else gets a bare health status and no OpenAPI document.
/// </summary>
public static class ManagementDiagnostics
{
    public const string PublicSetting = "Management:PublicDiagnostics";

    public static bool IsPublic(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>(PublicSetting) ?? environment.IsDevelopment();

    /// <summary>Authenticates on its own: health answers before tenancy and authentication run.</summary>
    public static async Task<bool> IsSuperadminOnThePlatformHostAsync(HttpContext context)
    {
        var baseDomain = context.RequestServices.GetRequiredService<IOptions<TenancyOptions>>().Value.BaseDomain;
        if (TenantHost.Parse(context.Request.Host.Host, baseDomain).Kind != TenantHostKind.Platform)
        {
            return false;
        }

        var result = await context.AuthenticateAsync();
        return result.Principal?.IsInRole(Roles.PlatformSuperadmin) == true;
    }
}
