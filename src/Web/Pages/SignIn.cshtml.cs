using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TenantSessions.Application.Auth;
using TenantSessions.Application.Auth.Commands.SignIn;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Domain.Sessions;
using TenantSessions.Infrastructure.SessionEngine;
using TenantSessions.Web.Authentication;
using TenantSessions.Web.Endpoints;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Pages;

[EnableRateLimiting(RateLimits.SignIn)]
public sealed class SignInModel(IMediator mediator, ICurrentTenant tenant) : PageModel
{
    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Reason { get; set; }

    public bool IsPlatform => tenant.IsPlatformHost;

    public string TenantName => tenant.Tenant?.Name ?? "";

    public bool IsSuspended => tenant.Tenant is { IsActive: false };

    public string? Notice { get; private set; }

    public string NoticeTone => IsSuspended ? "notice-danger" : Reason == RevokeReasons.SignedOut ? "notice-info" : "";

    public void OnGet() => Notice = NoticeFor(Reason);

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            Notice = NoticeFor(null);
            return Page();
        }

        try
        {
            var issued = await mediator.Send(new SignInCommand(Input.Email, Input.Password, Input.RememberMe, AuthEndpoints.Client(HttpContext)), HttpContext.RequestAborted);
            await HttpContext.SignInAsync(issued);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        catch (SessionErrorException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            Notice = NoticeFor(null) is { } notice && notice != e.Message ? notice : null;
            return Page();
        }
    }

    private string? NoticeFor(string? reason)
    {
        if (tenant.Tenant is { IsActive: false } suspended)
        {
            return TenantErrors.SuspendedMessage(suspended);
        }

        return string.IsNullOrEmpty(reason) ? null : SessionMessages.For(reason, reason, tenant.Tenant);
    }

    public sealed class SignInInput
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; } = true;
    }
}
