using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace TenantSessions.Web.Infrastructure;

/// <summary>
/// Response headers every page and API answer carries (NetEscapades.AspNetCore.SecurityHeaders): a strict
/// Content-Security-Policy (our own scripts and styles only, no inline code but one hashed style attribute, no framing,
/// forms post to ourselves),
/// <c>X-Content-Type-Options</c>, <c>Referrer-Policy</c>, <c>Permissions-Policy</c>, and HSTS on HTTPS requests
/// (including HTTPS seen through a trusted proxy's <c>X-Forwarded-Proto</c>). The Hangfire dashboard writes
/// <c>style</c> attributes into its markup, so its endpoint gets the same policy with inline styles allowed (never
/// inline scripts). <c>TRACE</c> and <c>TRACK</c> are refused with 405.
/// <para>
/// Two response rules live here rather than at each call site: an endpoint's <see cref="ReferrerPolicyAttribute"/>
/// replaces the default <c>Referrer-Policy</c> (also when the status-code page is re-executed for it, since the browser
/// still shows the original address), and a response that sets no <c>Cache-Control</c> of its own gets
/// <c>no-store</c>, static files (<see cref="KeepStaticFileCaching"/>) excepted.
/// </para>
/// </summary>
public static class SecurityHeaders
{
    public const string JobsDashboardPolicy = "jobs-dashboard";

    public const int HstsMaxAgeSeconds = 60 * 60 * 24 * 365;

    /// <summary>SHA-256 of <c>display:none</c>.</summary>
    public const string ValidationSummaryStyleHash = "aqNNdDLnnrDOnTNdkJpYlAxKVJtLt9CtFLklmInuUAE=";

    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services)
    {
        services.AddSecurityHeaderPolicies()
            .SetDefaultPolicy(policy => Common(policy, inlineStyles: false))
            .AddPolicy(JobsDashboardPolicy, policy => Common(policy, inlineStyles: true));
        return services;
    }

    private static readonly object StaticFileKey = new();

    public static IApplicationBuilder UseSecurityHeadersAndRefuseTrace(this IApplicationBuilder app)
    {
        // Registered before the library's middleware so that this callback runs after the library's (response-starting
        // callbacks run last registered first) and its endpoint policy wins over the library's default.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                ApplyEndpointRules((HttpContext)state);
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        app.UseSecurityHeaders();
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsTrace(context.Request.Method) || string.Equals(context.Request.Method, "TRACK", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers.Allow = "GET, HEAD, POST, PUT, DELETE";
                await Problems.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, Application.Common.Exceptions.ErrorCodes.MethodNotAllowed, "TRACE is not supported.");
                return;
            }

            await next(context);
        });
        return app;
    }

    /// <summary>The static-file middleware's <c>OnPrepareResponse</c>: static files keep their own caching (no <c>no-store</c>).</summary>
    public static void KeepStaticFileCaching(StaticFileResponseContext context) => context.Context.Items[StaticFileKey] = true;

    private static void ApplyEndpointRules(HttpContext context)
    {
        var headers = context.Response.Headers;
        var policy = ReferrerPolicyOf(context.GetEndpoint())
            ?? ReferrerPolicyOf(context.Features.Get<IStatusCodeReExecuteFeature>()?.Endpoint);
        if (policy is not null)
        {
            headers["Referrer-Policy"] = policy;
        }

        if (!headers.ContainsKey(HeaderNames.CacheControl) && !context.Items.ContainsKey(StaticFileKey))
        {
            headers.CacheControl = "no-store";
        }
    }

    private static string? ReferrerPolicyOf(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<ReferrerPolicyAttribute>()?.Policy;

    private static void Common(HeaderPolicyCollection policy, bool inlineStyles)
    {
        policy.AddContentTypeOptionsNoSniff()
            .AddFrameOptionsDeny()
            .AddReferrerPolicyStrictOriginWhenCrossOrigin()
            .AddStrictTransportSecurityMaxAgeIncludeSubDomains(HstsMaxAgeSeconds)
            .AddCrossOriginOpenerPolicy(x => x.SameOrigin())
            .AddCrossOriginResourcePolicy(x => x.SameOrigin())
            .AddPermissionsPolicy(permissions =>
            {
                // The secure defaults switch WebAuthn's get() off; passkey sign-in and step-up need it on this origin.
                permissions.AddAccelerometer().None();
                permissions.AddCamera().None();
                permissions.AddGeolocation().None();
                permissions.AddGyroscope().None();
                permissions.AddMagnetometer().None();
                permissions.AddMicrophone().None();
                permissions.AddPayment().None();
                permissions.AddUsb().None();
                permissions.AddPublickeyCredentialsGet().Self();
                permissions.AddPublickeyCredentialsCreate().Self();
            })
            .AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                csp.AddScriptSrc().Self();
                var styles = csp.AddStyleSrc().Self();
                if (inlineStyles)
                {
                    styles.UnsafeInline();
                }
                else
                {
                    // The one style attribute we send: the hidden <li style="display:none"> of MVC's validation summary.
                    csp.AddStyleSrcAttr().UnsafeHashes().WithHash256(ValidationSummaryStyleHash);
                }

                csp.AddImgSrc().Self().Data();
                csp.AddFontSrc().Self().Data();
                csp.AddConnectSrc().Self();
                csp.AddObjectSrc().None();
                csp.AddBaseUri().None();
                csp.AddFormAction().Self();
                csp.AddFrameAncestors().None();
            });
    }
}
