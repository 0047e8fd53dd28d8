using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Email;
using TenantSessions.Application.Sso;
using TenantSessions.Application.Sso.Commands.CompleteSsoSignIn;
using TenantSessions.Application.Sso.Commands.SsoStepUp;
using TenantSessions.Application.Sso.Queries.GetSsoSignInSettings;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Authentication;
using TenantSessions.Web.Endpoints;

namespace TenantSessions.Web.Sso;

/// <summary>
/// ASP.NET Core's <see cref="OpenIdConnectHandler"/>, built per connection at run time (ADR-020): it is never registered
/// as an authentication scheme (the authentication middleware would then run it on every request), but created here
/// by the two endpoints that need it — the sign-in's challenge and the callback. Its options come from the connection
/// (cached per connection and version): authorization code flow with PKCE, <c>response_mode=query</c>, nonce, and a
/// <c>state</c> protected with a Data Protection purpose naming the workspace and the connection, so a state minted on
/// one workspace host is unreadable on any other. The correlation and nonce cookies are host-only (SameSite=Lax: the IdP
/// sends the browser back with a top-level GET).
/// </summary>
public sealed class SsoProtocol(
    IDataProtectionProvider dataProtection,
    ISsoSecrets secrets,
    IAppLinks links,
    ILoggerFactory loggers,
    TimeProvider clock)
{
    public const string SchemeName = "sso";

    private const int MaxCachedOptions = 1000;
    private static readonly AuthenticationScheme Scheme = new(SchemeName, "Single sign-on", typeof(OpenIdConnectHandler));
    private readonly ConcurrentDictionary<(Guid, DateTimeOffset), OpenIdConnectOptions> _options = new();
    private readonly ILogger _logger = loggers.CreateLogger<SsoProtocol>();

    public async Task<OpenIdConnectHandler> HandlerAsync(HttpContext context, SsoSignInSettings settings)
    {
        var options = _options.GetOrAdd((settings.ConnectionId, settings.UpdatedAt), _ => Build(settings));
        if (_options.Count > MaxCachedOptions)
        {
            _options.Clear();
        }

        var handler = new OpenIdConnectHandler(new OneOptions(options), loggers, HtmlEncoder.Default, UrlEncoder.Default);
        await handler.InitializeAsync(Scheme, context);
        return handler;
    }

    private OpenIdConnectOptions Build(SsoSignInSettings settings)
    {
        var callback = SsoConnectionRules.CallbackPath(settings.ProviderId);
        var options = new OpenIdConnectOptions
        {
            MetadataAddress = settings.DiscoveryEndpoint,
            RequireHttpsMetadata = !SsoConnectionRules.IsLoopback(new Uri(settings.DiscoveryEndpoint)),
            ClientId = settings.ClientId,
            ClientSecret = secrets.Unprotect(settings.ProtectedClientSecret),
            ResponseType = OpenIdConnectResponseType.Code,
            ResponseMode = OpenIdConnectResponseMode.Query,
            UsePkce = settings.Pkce,
            CallbackPath = callback,
            SignedOutCallbackPath = SsoConnectionRules.SignedOutPath(settings.ProviderId),
            RemoteSignOutPath = $"/api/auth/sso/remote-sign-out/{settings.ProviderId}",
            SignInScheme = SessionClaims.Scheme,
            SaveTokens = false,
            MapInboundClaims = false,
            GetClaimsFromUserInfoEndpoint = settings.UserInfoEndpoint is not null,
            TimeProvider = clock,
            DisableTelemetry = true,
            Events = Events(settings),
        };
        options.Scope.Clear();
        foreach (var scope in settings.Scopes)
        {
            options.Scope.Add(scope);
        }

        options.ClaimActions.Clear();
        options.ClaimActions.MapAll();
        options.TokenValidationParameters.ValidIssuer = settings.Issuer;
        options.TokenValidationParameters.NameClaimType = settings.Mapping.Name;
        foreach (var cookie in new[] { options.CorrelationCookie, options.NonceCookie })
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.HttpOnly = true;
        }

        options.CorrelationCookie.Name = ".ts.sso.correlation.";
        options.NonceCookie.Name = ".ts.sso.nonce.";
        options.StateDataFormat = new PropertiesDataFormat(
            dataProtection.CreateProtector("TenantSessions.Sso.State.v1", settings.TenantId.ToString("N"), settings.ConnectionId.ToString("N")));
        new OpenIdConnectPostConfigureOptions(dataProtection).PostConfigure(SchemeName, options);
        options.Validate(SchemeName);
        return options;
    }

    private OpenIdConnectEvents Events(SsoSignInSettings settings) => new()
    {
        OnRedirectToIdentityProvider = context =>
        {
            context.ProtocolMessage.RedirectUri = links.Tenant(settings.TenantSlug, SsoConnectionRules.CallbackPath(settings.ProviderId));
            if (context.Properties.Items.TryGetValue(LoginHintItem, out var hint) && !string.IsNullOrEmpty(hint))
            {
                context.ProtocolMessage.LoginHint = hint;
            }

            return Task.CompletedTask;
        },
        OnTokenValidated = context =>
        {
            // The raw ID token (kept encrypted for the logout's id_token_hint) and its auth_time (for a step-up).
            var idToken = context.TokenEndpointResponse?.IdToken ?? context.ProtocolMessage?.IdToken;
            if (!string.IsNullOrEmpty(idToken))
            {
                context.HttpContext.Items[IdTokenItem] = idToken;
                if (new JsonWebToken(idToken).TryGetPayloadValue<long>("auth_time", out var authTime))
                {
                    context.HttpContext.Items[AuthTimeItem] = DateTimeOffset.FromUnixTimeSeconds(authTime);
                }
            }

            return Task.CompletedTask;
        },
        OnTicketReceived = async context =>
        {
            context.HandleResponse();
            var principal = context.Principal ?? new ClaimsPrincipal();
            var identity = new SsoIdentity(
                principal.FindFirst("sub")?.Value ?? "",
                principal.FindFirst("sid")?.Value,
                principal.FindFirst(settings.Mapping.Email)?.Value,
                bool.TryParse(principal.FindFirst(settings.Mapping.EmailVerified)?.Value, out var verified) && verified,
                principal.FindFirst(settings.Mapping.Name)?.Value);
            var http = context.HttpContext;
            var protectedIdToken = settings.EndSessionEndpoint is not null && http.Items[IdTokenItem] is string idToken ? IdTokens(settings).Protect(idToken) : null;
            try
            {
                var mediator = http.RequestServices.GetRequiredService<IMediator>();
                if (context.Properties?.Items.TryGetValue(StepUpSessionItem, out var stepUpSession) == true)
                {
                    await CompleteStepUpAsync(context, settings, identity, stepUpSession, protectedIdToken);
                    return;
                }

                var issued = await mediator.Send(new CompleteSsoSignInCommand(settings.ConnectionId, identity, AuthEndpoints.Client(http), protectedIdToken), http.RequestAborted);
                await http.SignInAsync(issued);
                http.Response.Redirect(LocalReturnUrl.OrHome(context.ReturnUri));
            }
            catch (RefusalException refusal)
            {
                _logger.LogInformation("Sign-in through SSO connection {ConnectionId} refused: {Code}", settings.ConnectionId, refusal.Code);
                http.Response.Redirect(RefusedPage(refusal.Code));
            }
        },
        OnRedirectToIdentityProviderForSignOut = context =>
        {
            // RP-initiated logout (ADR-027): the session's own ID token as the hint, our client id, and the return to
            // this workspace host's signed-out callback (which the admin registers with the IdP).
            if (context.HttpContext.Items[IdTokenHintItem] is string hint)
            {
                context.ProtocolMessage.IdTokenHint = hint;
            }

            context.ProtocolMessage.ClientId = settings.ClientId;
            context.ProtocolMessage.PostLogoutRedirectUri = links.Tenant(settings.TenantSlug, SsoConnectionRules.SignedOutPath(settings.ProviderId));
            return Task.CompletedTask;
        },
        OnRemoteFailure = context =>
        {
            _logger.LogInformation(context.Failure, "Sign-in through SSO connection {ConnectionId} failed at the protocol", settings.ConnectionId);
            context.HandleResponse();
            context.Response.Redirect(RefusedPage(SsoRefusals.Failed));
            return Task.CompletedTask;
        },
    };

    public const string LoginHintItem = "ts.login_hint";

    /// <summary>In the (protected) state of a step-up: the session that asked, and when (Unix milliseconds, the app's clock).</summary>
    public const string StepUpSessionItem = "ts.stepup.session";

    public const string StepUpAtItem = "ts.stepup.at";

    private const string IdTokenItem = "ts.sso.id_token";
    private const string AuthTimeItem = "ts.sso.auth_time";

    /// <summary>The unprotected ID token for the sign-out's <c>id_token_hint</c>; in <c>HttpContext.Items</c>, never in the state.</summary>
    public const string IdTokenHintItem = "ts.sso.id_token_hint";

    /// <summary>ID tokens at rest: Data Protection, a purpose per workspace and connection.</summary>
    public IDataProtector IdTokens(SsoSignInSettings settings) =>
        dataProtection.CreateProtector("TenantSessions.Sso.IdToken.v1", settings.TenantId.ToString("N"), settings.ConnectionId.ToString("N"));

    private async Task CompleteStepUpAsync(TicketReceivedContext context, SsoSignInSettings settings, SsoIdentity identity, string? sessionId, string? protectedIdToken)
    {
        var http = context.HttpContext;
        var items = context.Properties!.Items;
        if (!Guid.TryParse(sessionId, out var session) || !items.TryGetValue(StepUpAtItem, out var at) || !long.TryParse(at, out var atMs))
        {
            http.Response.Redirect(RefusedPage(SsoRefusals.Failed));
            return;
        }

        try
        {
            var command = new CompleteSsoStepUpCommand(
                settings.ConnectionId, session, identity.Subject, identity.IdpSessionId, http.Items[AuthTimeItem] as DateTimeOffset?,
                DateTimeOffset.FromUnixTimeMilliseconds(atMs), protectedIdToken);
            var issued = await http.RequestServices.GetRequiredService<IMediator>().Send(command, http.RequestAborted);
            await http.SignInAsync(issued);
            var tempData = http.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(http);
            tempData["Flash"] = $"You confirmed it's you at {settings.Name}. Do the change again to finish it.";
            tempData.Save();
            http.Response.Redirect(LocalReturnUrl.OrHome(context.ReturnUri));
        }
        catch (RefusalException refusal)
        {
            _logger.LogInformation("Step-up through SSO connection {ConnectionId} refused: {Code}", settings.ConnectionId, refusal.Code);
            http.Response.Redirect(RefusedPage(refusal.Code is ErrorCodes.SessionRevoked or ErrorCodes.Unauthenticated ? SsoRefusals.StepUpOtherAccount : refusal.Code));
        }
    }

    public static string RefusedPage(string code) => $"/sign-in/sso?error={Uri.EscapeDataString(code)}";

    /// <summary>The handler asks its options by scheme name; this gives it the connection's.</summary>
    private sealed class OneOptions(OpenIdConnectOptions options) : IOptionsMonitor<OpenIdConnectOptions>
    {
        public OpenIdConnectOptions CurrentValue => options;

        public OpenIdConnectOptions Get(string? name) => options;

        public IDisposable? OnChange(Action<OpenIdConnectOptions, string?> listener) => null;
    }
}
