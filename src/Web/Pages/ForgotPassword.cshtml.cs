using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TenantSessions.Application.Auth.Commands.RequestPasswordReset;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Sso;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Pages;

/// <summary>"Forgot your password?": always answers "if there is an account, a link is on its way".</summary>
[EnableRateLimiting(AccountRateLimits.AccountEmail)]
public sealed class ForgotPasswordModel(IMediator mediator, ICurrentTenant tenant) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddressField]
    [StringLength(256)]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public string WorkspaceName => tenant.Tenant?.Name ?? "the platform";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            await mediator.Send(new RequestPasswordResetCommand(Email, null), HttpContext.RequestAborted);
        }
        catch (RefusalException e) when (e.Code == SsoDomainErrors.SsoRequired)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        Sent = true;
        return Page();
    }
}
