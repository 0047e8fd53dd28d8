namespace TenantSessions.Web.Infrastructure;

/// <summary>
/// Response headers every page and API answer carries (NetEscapades.AspNetCore.SecurityHeaders): a strict
/// Content-Security-Policy (our own scripts and styles only, no inline code but one hashed style attribute, no framing,
/// forms post to ourselves),
/// <c>X-Content-Type-Options</c>, <c>Referrer-Policy</c>, <c>Permissions-Policy</c>, and HSTS on HTTPS requests
/// (including HTTPS seen through a trusted proxy's <c>X-Forwarded-Proto</c>). The Hangfire dashboard writes
/// <c>style</c> attributes into its markup, so its endpoint gets the same policy with inline styles allowed (never
/// inline scripts). <c>TRACE</c> and <c>TRACK</c> are refused with 405.
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

    public static IApplicationBuilder UseSecurityHeadersAndRefuseTrace(this IApplicationBuilder app)
    {
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
