"""The dashboard: static assets (HTML, JavaScript, CSS, vendored plotly.js and country outlines) in
``static/``, served by the API at ``/``. Nothing is fetched from the network at run time."""
