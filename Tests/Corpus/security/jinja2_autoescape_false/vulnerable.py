from jinja2 import Environment, FileSystemLoader


def render_profile(user: dict) -> str:
    """Render the public profile page of a user."""
    env = Environment(loader=FileSystemLoader("templates"), autoescape=False)
    return env.get_template("profile.html").render(user=user)
