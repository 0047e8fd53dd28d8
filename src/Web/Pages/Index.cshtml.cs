using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Authentication;
using TenantSessions.Web.Tenancy;

namespace TenantSessions.Web.Pages;

public sealed class IndexModel(ICurrentTenant tenant, IOptions<TenancyOptions> tenancy) : PageModel
{
    public static readonly string[] DemoWorkspaces = ["acme", "globex", "initech"];

    public SessionPayload? Payload { get; private set; }

    public IActionResult OnGet()
    {
        Payload = HttpContext.Features.Get<SessionFeature>()?.Payload;
        if (Payload is null && !tenant.IsPlatformHost)
        {
            return Redirect(SignInRedirect.For(Request));
        }

        return Page();
    }

    public bool IsTenantAdmin => Payload is { } p && !tenant.IsPlatformHost && p.Roles.Contains(Roles.TenantAdmin);

    public bool IsSuperadmin => Payload is { } p && tenant.IsPlatformHost && p.Roles.Contains(Roles.PlatformSuperadmin);

    public static string RoleLabel(string role) => role switch
    {
        Roles.TenantAdmin => "Tenant admin",
        Roles.PlatformSuperadmin => "Platform superadmin",
        _ => role,
    };

    public static string When(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public string WorkspaceHost(string slug) =>
        Request.Host.Port is { } port ? $"{slug}.{tenancy.Value.BaseDomain}:{port}" : $"{slug}.{tenancy.Value.BaseDomain}";

    public string WorkspaceUrl(string slug) => $"{Request.Scheme}://{WorkspaceHost(slug)}/";
}
