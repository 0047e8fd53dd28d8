using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Email;
using TenantSessions.Application.Sso;
using TenantSessions.Application.Sso.Commands.CompleteSsoSignIn;
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
            SignedOutCallbackPath = $"/api/auth/sso/signed-out/{settings.ProviderId}",
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
            try
            {
                var mediator = http.RequestServices.GetRequiredService<IMediator>();
                var issued = await mediator.Send(new CompleteSsoSignInCommand(settings.ConnectionId, identity, AuthEndpoints.Client(http)), http.RequestAborted);
                await http.SignInAsync(issued);
                http.Response.Redirect(LocalReturnUrl.OrHome(context.ReturnUri));
            }
            catch (RefusalException refusal)
            {
                _logger.LogInformation("Sign-in through SSO connection {ConnectionId} refused: {Code}", settings.ConnectionId, refusal.Code);
                http.Response.Redirect(RefusedPage(refusal.Code));
            }
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

    public static string RefusedPage(string code) => $"/sign-in/sso?error={Uri.EscapeDataString(code)}";

    /// <summary>The handler asks its options by scheme name; this gives it the connection's.</summary>
    private sealed class OneOptions(OpenIdConnectOptions options) : IOptionsMonitor<OpenIdConnectOptions>
    {
        public OpenIdConnectOptions CurrentValue => options;

        public OpenIdConnectOptions Get(string? name) => options;

        public IDisposable? OnChange(Action<OpenIdConnectOptions, string?> listener) => null;
    }
}
