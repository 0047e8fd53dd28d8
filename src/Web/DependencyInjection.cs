using Mediator;
using Microsoft.AspNetCore.Http.Json;
using TenantSessions.Application.Common.Behaviours;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Authentication;
using TenantSessions.Web.Endpoints;
using TenantSessions.Web.Infrastructure;
using TenantSessions.Web.Jobs;
using TenantSessions.Web.Scim;
using TenantSessions.Web.Sso;
using TenantSessions.Web.Tenancy;
using TenantSessions.Web.Webhooks;

namespace TenantSessions.Web;

public static class DependencyInjection
{
    public static IServiceCollection AddWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(TenantSessions.Application.DependencyInjection)];
            options.PipelineBehaviors =
            [
                typeof(UnhandledExceptionBehaviour<,>),
                typeof(AuthorizationBehaviour<,>),
                typeof(ValidationBehaviour<,>),
                typeof(ImpersonationBehaviour<,>),
                typeof(FreshnessBehaviour<,>),
                typeof(UnitOfWorkBehaviour<,>),
                typeof(PerformanceBehaviour<,>),
            ];
        });

        services.AddOptions<TenancyOptions>().Bind(configuration.GetSection(TenancyOptions.SectionName));
        services.AddHttpContextAccessor();
        services.AddScoped<CommandDepth>();
        services.AddSingleton<TenantSessions.Application.Email.IAppLinks, Email.AppLinks>();
        services.AddSingleton<PendingSignInCookie>();
        services.AddSingleton<Pages.Shared.SetupSheet>();
        services.AddScoped<ICurrentSession, CurrentSession>();

        services.AddAuthentication(SessionClaims.Scheme).AddSessionScheme(SessionChallenges.Configure);
        services.AddSingleton<SsoProtocol>();
        services.AddSingleton<SsoSignOut>();
        services.AddAuthorization();

        services.AddSignInRateLimiting(configuration);
        services.AddAccountRateLimiting(configuration);
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("code", Problems.CodeFor(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode)));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ts_antiforgery";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = "ts_flash";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddSecurityHeaders();
        var baseDomain = configuration.GetSection(TenancyOptions.SectionName).Get<TenancyOptions>()?.BaseDomain ?? new TenancyOptions().BaseDomain;
        services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/Account");
                o.Conventions.AuthorizeFolder("/Admin");
                o.Conventions.AuthorizeFolder("/Platform");
                o.Conventions.AddFolderApplicationModelConvention("/Admin", page => page.EndpointMetadata.Add(new HostAttribute("*." + baseDomain)));
                o.Conventions.AddFolderApplicationModelConvention("/Platform", page => page.EndpointMetadata.Add(new HostAttribute(baseDomain)));
            })
            .AddMvcOptions(o =>
            {
                o.Filters.Add<EndedSessionFormFilter>();
                o.ModelBinderProviders.Insert(0, new CheckboxValuesBinderProvider());

                // jQuery-style keys ("a[b]") are not ours; their parser throws on an unclosed bracket (a 500 found by fuzzing).
                foreach (var jquery in o.ValueProviderFactories.Where(f => f is Microsoft.AspNetCore.Mvc.ModelBinding.JQueryFormValueProviderFactory or Microsoft.AspNetCore.Mvc.ModelBinding.JQueryQueryStringValueProviderFactory).ToList())
                {
                    o.ValueProviderFactories.Remove(jquery);
                }
            });
        services.AddOpenApi(o => o.AddDocumentTransformer<PlatformRoutesOnlyOnPlatformHost>());
        services.AddTrustedProxies(configuration);
        services.AddPlatformMetrics();
        return services;
    }

    public static WebApplication UseTenantSessions(this WebApplication app)
    {
        app.UseTrustedProxies();
        app.UseSecurityHeadersAndRefuseTrace();
        app.UseExceptionHandler();
        app.UseWhen(context => ApiRequests.IsApi(context.Request), api => api.UseStatusCodePages());
        app.UseWhen(context => !ApiRequests.IsApi(context.Request) && !ScimEndpoints.IsScim(context.Request), pages => pages.UseStatusCodePagesWithReExecute("/status/{0}"));
        var publicDiagnostics = ManagementDiagnostics.IsPublic(app.Configuration, app.Environment);
        var baseDomain = app.Configuration.GetSection(TenancyOptions.SectionName).Get<TenancyOptions>()?.BaseDomain ?? new TenancyOptions().BaseDomain;
        app.UseHealthEndpoints(publicDiagnostics);
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = SecurityHeaders.KeepStaticFileCaching });
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseScimWithoutCookies();
        app.UseAuthentication();
        app.UseAuthorization();

        var openApi = app.MapOpenApi();
        if (!publicDiagnostics)
        {
            openApi.RequireHost(baseDomain).RequireAuthorization(policy => policy.RequireRole(Roles.PlatformSuperadmin));
        }

        app.MapAuthApi();
        app.MapAccountApi();
        app.MapSessionApi();
        app.MapAdminApi();
        app.MapAdminUsersApi();
        app.MapAccountDeletionApi();
        app.MapProfileApi();
        app.MapAuditApi();
        app.MapSessionConsoleApi();
        app.MapInvitationApi();
        app.MapTwoFactorApi();
        app.MapPasskeyApi();
        app.MapSsoConnectionApi();
        app.MapWebhookApi();
        app.MapSsoSignInApi();
        app.MapSsoLogoutApi();
        app.MapScimApi();
        app.MapPlatformApi().MapPlatformJobsApi();
        app.MapRazorPages();
        app.MapPlatformJobsDashboard();
        app.MapPlatformMetrics(baseDomain);
        return app;
    }
}
