using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Auth;
using TenantSessions.Application.Auth.Commands.SignIn;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Application.Sessions.Queries.GetEndedFrom;
using TenantSessions.Domain.Sessions;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Authentication;
using TenantSessions.Web.Endpoints;
using TenantSessions.Web.Infrastructure;
using ValidationException = TenantSessions.Application.Common.Exceptions.ValidationException;

namespace TenantSessions.Web.Pages;

[EnableRateLimiting(RateLimits.SignIn)]
public sealed class SignInModel(IMediator mediator, ICurrentTenant tenant, PendingSignInCookie pendingCookie) : PageModel
{
    private string? _returnUrl;

    [BindProperty]
    public SignInInput Input { get; set; } = new();

    /// <summary>The page to come back to, kept only when it is local (<see cref="LocalReturnUrl"/>): nothing else is rendered or followed.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get => _returnUrl; set => _returnUrl = LocalReturnUrl.OrNull(value); }

    /// <summary>Where "Use a passkey" goes once signed in: <see cref="ReturnUrl"/> when it is local, else home.</summary>
    public string PasskeyReturnUrl => LocalReturnUrl.OrHome(ReturnUrl);

    [BindProperty(SupportsGet = true)]
    public string? Reason { get; set; }

    /// <summary>After "sign out everywhere": how many devices were signed out.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Devices { get; set; }

    public bool IsPlatform => tenant.IsPlatformHost;

    public string TenantName => tenant.Tenant?.Name ?? "";

    public bool IsSuspended => tenant.Tenant is { IsActive: false };

    public string? Notice { get; private set; }

    public string NoticeTone => IsSuspended ? "notice-danger" : Reason == RevokeReasons.SignedOut ? "notice-info" : "";

    /// <summary>
    /// After another of the person's devices ended this session: that device and when. The session id comes from TempData
    /// (whose serializer reads a Guid back as a Guid), never from the URL.
    /// </summary>
    public EndedFrom? EndedFrom { get; private set; }

    public async Task OnGetAsync()
    {
        Notice = NoticeFor(Reason);
        if (Reason == RevokeReasons.RevokedByUser && !IsSuspended
            && TempData[SignInRedirect.EndedSessionKey] is Guid sessionId)
        {
            EndedFrom = await mediator.Send(new GetEndedFromQuery(sessionId), HttpContext.RequestAborted);
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            Notice = NoticeFor(null);
            return Page();
        }

        try
        {
            var outcome = await mediator.Send(new SignInCommand(Input.Email, Input.Password, Input.RememberMe, AuthEndpoints.Client(HttpContext)), HttpContext.RequestAborted);
            if (outcome.Pending is { } pending)
            {
                pendingCookie.Write(HttpContext, pending);
                return RedirectToPage("/SignInTwoFactor", new { returnUrl = LocalReturnUrl.OrNull(ReturnUrl) });
            }

            await HttpContext.SignInAsync(outcome.Session!);
            return LocalRedirect(LocalReturnUrl.OrHome(ReturnUrl));
        }
        catch (RefusalException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            Notice = NoticeFor(null) is { } notice && notice != e.Message ? notice : null;
            return Page();
        }
        catch (ValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError($"{nameof(Input)}.{field}", message);
                }
            }

            Notice = NoticeFor(null);
            return Page();
        }
    }

    private string? NoticeFor(string? reason)
    {
        if (tenant.Tenant is { IsActive: false } suspended)
        {
            return TenantErrors.SuspendedMessage(suspended);
        }

        if (reason == RevokeReasons.SignedOut && Devices is > 0 and var devices)
        {
            return devices == 1 ? "Signed out of 1 device." : $"Signed out of {devices} devices.";
        }

        return string.IsNullOrEmpty(reason) ? null
            : SessionMessages.For(reason, reason, tenant.Tenant, HttpContext.RequestServices.GetRequiredService<IOptions<SessionEngineOptions>>().Value.TimeoutsFor(tenant.Tenant).IdleTimeout);
    }

    public sealed class SignInInput
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddressField]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; } = true;
    }
}
