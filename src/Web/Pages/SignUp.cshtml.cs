using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TenantSessions.Application.Auth;
using TenantSessions.Application.Auth.Commands.SignUp;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Infrastructure.SessionEngine.Authentication;
using TenantSessions.Web.Endpoints;
using TenantSessions.Web.Infrastructure;
using ValidationException = TenantSessions.Application.Common.Exceptions.ValidationException;

namespace TenantSessions.Web.Pages;

[EnableRateLimiting(RateLimits.SignIn)]
public sealed class SignUpModel(IMediator mediator, ICurrentTenant tenant) : PageModel
{
    [BindProperty]
    public SignUpInput Input { get; set; } = new();

    public string TenantName => tenant.Tenant?.Name ?? "";

    public bool VerificationSent { get; private set; }

    /// <summary>The suspended workspace's notice, shown instead of the form: nobody fills it in to learn it is refused.</summary>
    public string? Suspension => tenant.Tenant is { IsActive: false } suspended ? TenantErrors.SuspendedMessage(suspended) : null;

    public IActionResult OnGet() => tenant.IsPlatformHost ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (tenant.IsPlatformHost)
        {
            return NotFound();
        }

        if (!ModelState.IsValid || Suspension is not null)
        {
            return Page();
        }

        try
        {
            var result = await mediator.Send(new SignUpCommand(Input.Name, Input.Email, Input.Password, AuthEndpoints.Client(HttpContext)), HttpContext.RequestAborted);
            if (result.Session is not { } issued)
            {
                VerificationSent = true;
                return Page();
            }

            await HttpContext.SignInAsync(issued);
            return LocalRedirect("/");
        }
        catch (RefusalException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
        }
        catch (ValidationException e)
        {
            foreach (var message in e.Errors.SelectMany(kv => kv.Value))
            {
                ModelState.AddModelError(string.Empty, message);
            }
        }

        return Page();
    }

    public sealed class SignUpInput
    {
        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(100)]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddressField]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        public string Password { get; set; } = "";
    }
}
