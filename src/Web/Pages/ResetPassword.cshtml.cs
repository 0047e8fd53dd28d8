using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TenantSessions.Application.Auth.Commands.ResetPassword;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Web.Infrastructure;
using ValidationException = TenantSessions.Application.Common.Exceptions.ValidationException;

namespace TenantSessions.Web.Pages;

/// <summary>"Set a new password", opened from the e-mailed link (<c>?token=</c>); the token travels on in a hidden field.</summary>
[EnableRateLimiting(AccountRateLimits.AccountEmail)]
[ReferrerPolicy(ReferrerPolicyAttribute.NoReferrer)]
public sealed class ResetPasswordModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Error { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Choose a new password.")]
    [DataType(DataType.Password)]
    public string NewPassword { get; set; } = "";

    [BindProperty]
    [Compare(nameof(NewPassword), ErrorMessage = "The two passwords are not the same.")]
    [DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = "";

    public bool LinkInvalid => Error is not null || string.IsNullOrWhiteSpace(Token);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid || LinkInvalid)
        {
            return Page();
        }

        try
        {
            await mediator.Send(new ResetPasswordCommand(NewPassword, Token!), HttpContext.RequestAborted);
            return LocalRedirect("/sign-in?reason=PASSWORD_RESET");
        }
        catch (ValidationException e)
        {
            foreach (var message in e.Errors.SelectMany(kv => kv.Value))
            {
                ModelState.AddModelError(nameof(NewPassword), message);
            }
        }
        catch (RefusalException e) when (e.Code == Application.Sso.SsoDomainErrors.SsoRequired)
        {
            ModelState.AddModelError(string.Empty, e.Message);
        }
        catch (RefusalException e) when (e.Code == ErrorCodes.InvalidToken)
        {
            Error = e.Code;
        }

        return Page();
    }
}
