"""Every way into the service but the password form itself: single sign-on through an OpenID
Connect provider (oidc.py, with providers.py and accounts.py), and the second factor that admin
accounts signing in with a password must give (second_factor.py). Why so: docs/adr/0023."""
